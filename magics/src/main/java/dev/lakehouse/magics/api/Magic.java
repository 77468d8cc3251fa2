package dev.lakehouse.magics.api;

/**
 * A {@code %magic} command. Implementations are registered with {@link MagicRegistry}, either
 * explicitly or through {@link java.util.ServiceLoader}. Every magic must answer {@code --help}.
 *
 * <p>{@link #run} returns the cell's value (shown as execute_result, may be null). User mistakes
 * are reported by throwing {@link MagicException} with an actionable message.
 */
public interface Magic {
    String name();

    MagicKind kind();

    /** One line for {@code %lsmagic}. */
    String summary();

    /** Full usage text shown for {@code --help}. */
    String help();

    Object run(MagicInvocation invocation, MagicContext context) throws Exception;

    /**
     * True when {@link #run} answers {@code --help} itself (for example per subcommand, or where
     * {@code -h} may be part of the magic's own text such as SQL); the kernel then passes
     * {@code --help} through instead of showing {@link #help()}.
     */
    default boolean answersHelpItself() {
        return false;
    }
}
