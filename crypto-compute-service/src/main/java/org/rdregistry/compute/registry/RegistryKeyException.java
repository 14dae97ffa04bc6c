package org.rdregistry.compute.registry;

/** The registry key cannot be loaded; the service cannot verify anything without it. */
public class RegistryKeyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public RegistryKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
