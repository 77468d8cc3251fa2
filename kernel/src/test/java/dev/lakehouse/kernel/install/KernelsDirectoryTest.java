package dev.lakehouse.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelsDirectoryTest {
    private static final Path HOME = Path.of("/home/ada");

    @Test
    void userDirectoryFollowsJupyterCoreRules() {
        assertThat(KernelsDirectory.user(Map.of(), "Linux", HOME))
                .isEqualTo(Path.of("/home/ada/.local/share/jupyter/kernels"));
        assertThat(KernelsDirectory.user(Map.of("XDG_DATA_HOME", "/data"), "Linux", HOME))
                .isEqualTo(Path.of("/data/jupyter/kernels"));
        assertThat(KernelsDirectory.user(Map.of(), "Mac OS X", HOME))
                .isEqualTo(Path.of("/home/ada/Library/Jupyter/kernels"));
        assertThat(KernelsDirectory.user(Map.of("JUPYTER_DATA_DIR", "/srv/jupyter", "XDG_DATA_HOME", "/data"), "Linux", HOME))
                .isEqualTo(Path.of("/srv/jupyter/kernels"));
    }

    @Test
    void sysPrefixPrefersTheActivatedVirtualenvOverPython() {
        PythonSysPrefix unused = () -> {
            throw new AssertionError("python3 must not be asked when VIRTUAL_ENV is set");
        };
        assertThat(KernelsDirectory.sysPrefix(Map.of("VIRTUAL_ENV", "/work/.venv"), unused))
                .isEqualTo(Path.of("/work/.venv/share/jupyter/kernels"));
        assertThat(KernelsDirectory.sysPrefix(Map.of(), () -> Path.of("/usr/local")))
                .isEqualTo(Path.of("/usr/local/share/jupyter/kernels"));
    }

    @Test
    void pythonOnPathReportsARealPrefix() {
        Path prefix;
        try {
            prefix = PythonSysPrefix.onPath().sysPrefix();
        } catch (KernelInstallException e) {
            assertThat(e).hasMessageContaining("--sys-prefix needs python3");
            return;
        }
        assertThat(prefix).isAbsolute().exists();
    }

    @Test
    void aMissingOrFailingPythonGivesAnActionableError() {
        assertThatThrownBy(() -> PythonSysPrefix.interpreter("/nonexistent/python3").sysPrefix())
                .isInstanceOf(KernelInstallException.class)
                .hasMessageContaining("Could not run /nonexistent/python3")
                .hasMessageContaining("--prefix P or --user");
        assertThatThrownBy(() -> PythonSysPrefix.interpreter("false").sysPrefix())
                .isInstanceOf(KernelInstallException.class)
                .hasMessageContaining("false failed to print sys.prefix (exit 1)");
    }
}
