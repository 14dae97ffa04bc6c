package org.rdregistry.registry.schema;

/** The schema file is invalid. */
public class SchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }
}
