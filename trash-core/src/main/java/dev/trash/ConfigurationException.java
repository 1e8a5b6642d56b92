package dev.trash;

/**
 * The manager or its backend is set up wrongly: a type declared twice or with an unknown parent,
 * a table or column that is missing or of the wrong type, a trash table that was never created
 * (SPEC R25, R26). Thrown when the manager is built or validated, never in the middle of an
 * operation; the message names the type, table or column and says how to fix it.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class ConfigurationException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
