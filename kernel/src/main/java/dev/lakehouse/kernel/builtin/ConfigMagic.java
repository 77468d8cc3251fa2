package dev.lakehouse.kernel.builtin;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import java.util.Map;
import java.util.TreeMap;

/** {@code %config key=value ...}: kernel-wide settings magics read, e.g. {@code sql.limit}. */
public final class ConfigMagic implements Magic {
    @Override
    public String name() {
        return "config";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Show or change kernel settings (sql.limit, display.maxRows, ...)";
    }

    @Override
    public String help() {
        return """
                Usage: %config                 show all settings
                       %config KEY             show one setting
                       %config KEY=VALUE ...   change settings
                       %config --unset KEY     back to the default

                Known keys: sql.limit (rows %%sql shows, default 20), display.maxRows (rows shown
                for a Dataset or table value, default 20).""";
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        Map<String, String> config = context.config();
        var argv = invocation.argv();
        if (argv.isEmpty()) {
            return show(new TreeMap<>(config));
        }
        if (argv.get(0).equals("--unset")) {
            if (argv.size() < 2) {
                throw new MagicException("%config --unset needs a key, e.g. %config --unset sql.limit");
            }
            argv.subList(1, argv.size()).forEach(config::remove);
            return null;
        }
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                if (argv.size() == 1) {
                    return DisplayData.text(arg + " = " + config.getOrDefault(arg, "(default)"));
                }
                throw new MagicException("Expected KEY=VALUE but got '" + arg + "'. Example: %config sql.limit=50");
            }
            String key = arg.substring(0, eq).strip();
            String value = arg.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw new MagicException("Empty key in '" + arg + "'. Example: %config sql.limit=50");
            }
            if ((key.endsWith(".limit") || key.endsWith(".maxRows")) && !value.matches("\\d+")) {
                throw new MagicException(key + " must be a whole number of rows, got '" + value + "'");
            }
            config.put(key, value);
        }
        return null;
    }

    private static DisplayData show(Map<String, String> config) {
        if (config.isEmpty()) {
            return DisplayData.text("No settings changed; all defaults. See %config --help.");
        }
        StringBuilder sb = new StringBuilder();
        config.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return DisplayData.text(sb.toString());
    }
}
