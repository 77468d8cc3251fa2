package dev.lakehouse.kernel.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides when a snippet looks like an expression with a value. Such a snippet is compiled
 * directly ({@link DirectExpressions}: one javac task, no JShell snippet); where that path is
 * closed, it is evaluated as {@code Object $cell$value = (<snippet>);} instead of as a bare
 * expression. JShell types a bare expression with two extra javac analyses before it compiles it
 * (to declare a typed temporary such as {@code $1}); a declaration with an explicit type skips both.
 *
 * <p>Both are only guesses: unless the direct compile succeeds, or the rewrite is a valid
 * declaration, the caller evaluates the original snippet through JShell, so a wrong guess
 * costs time, never meaning. Two cheap filters keep wrong guesses rare: statements and
 * declarations are recognised by their first words, and calls to methods seen to return
 * {@code void} are remembered by name.
 */
final class ValueDeclaration {
    static final String VARIABLE = "$cell$value";

    private static final Pattern STATEMENT_START = Pattern.compile(
            "^(?:@|\\{|(?:int|long|double|float|boolean|char|byte|short|void|var|final|class|interface|enum|record"
                    + "|import|package|public|private|protected|static|abstract|sealed|non-sealed|strictfp|default"
                    + "|if|for|while|do|try|switch|return|throw|break|continue|synchronized|assert|yield)\\b)");
    /** Statements that cannot be declarations (a {@code synchronized} method or a block would not compile in a method body). */
    private static final Pattern STATEMENT = Pattern.compile(
            "^(?:\\{|(?:if|for|while|do|try|switch|synchronized|throw|assert)\\b)");
    /** {@code Type name = ...}, {@code Type<A, B>[] name;}: a declaration, not an expression. */
    private static final Pattern DECLARATION = Pattern.compile(
            "^[\\p{L}_$][\\w$.]*(?:\\s*<[\\w$.,?\\s<>\\[\\]&]*>)?(?:\\s*\\[\\s*])*\\s+[\\p{L}_$][\\w$]*\\s*(?:=(?!=)|;|$)");
    private static final int REMEMBERED_VOID_METHODS = 256;

    private final Set<String> voidMethods = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_VOID_METHODS;
        }
    });

    ValueDeclaration() {
        voidMethods.addAll(Set.of("println", "print", "show", "forEach", "printStackTrace", "close", "run",
                "clear", "putAll", "sleep", "join", "interrupt", "start", "stop", "shutdown"));
    }

    /** The declaration to try for {@code source} (one complete snippet), or empty to eval it as it is. */
    Optional<String> rewrite(String source) {
        // The expression keeps its first line, so runtime errors point at the lines the user wrote.
        return expression(source).map(code -> "Object " + VARIABLE + " = (" + code + "\n);");
    }

    /** {@code source} without its trailing semicolons when it looks like an expression with a value, else empty. */
    synchronized Optional<String> expression(String source) {
        String code = withoutTrailingSemicolon(source.strip());
        if (code.isEmpty() || STATEMENT_START.matcher(code).find() || DECLARATION.matcher(code).find()
                || code.contains("->") || code.contains("::")) {
            return Optional.empty();
        }
        Optional<String> method = finalCall(code);
        if (method.isPresent() && voidMethods.contains(method.get())) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    /**
     * {@code source} when it is statements that declare nothing the notebook keeps: it starts with
     * a statement keyword ({@code for}, {@code if}...) or a block, or it calls a method seen to
     * return {@code void}. Such code means the same in a method body as at the top of a cell;
     * anything else (a declaration, a label, {@code return}) is left to JShell.
     */
    synchronized Optional<String> statement(String source) {
        String code = source.strip();
        String call = withoutTrailingSemicolon(code);
        if (STATEMENT.matcher(code).find()) {
            return Optional.of(code);
        }
        boolean voidCall = !call.isEmpty() && !STATEMENT_START.matcher(call).find() && !DECLARATION.matcher(call).find()
                && finalCall(call).filter(voidMethods::contains).isPresent();
        return voidCall ? Optional.of(code) : Optional.empty();
    }

    /** The snippet turned out to be a statement (void): do not try the rewrite for calls like it again. */
    synchronized void rememberVoid(String source) {
        finalCall(withoutTrailingSemicolon(source.strip())).ifPresent(voidMethods::add);
    }

    /** The name of the method a snippet ends by calling: {@code println} in {@code System.out.println(f(x))}. */
    static Optional<String> finalCall(String code) {
        if (!code.endsWith(")")) {
            return Optional.empty();
        }
        int depth = 0;
        int i = code.length() - 1;
        for (; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                break;
            }
        }
        int end = i;
        while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return start < end ? Optional.of(code.substring(start, end)) : Optional.empty();
    }

    private static String withoutTrailingSemicolon(String code) {
        String c = code;
        while (c.endsWith(";")) {
            c = c.substring(0, c.length() - 1).stripTrailing();
        }
        return c;
    }
}
