package org.rdregistry.registry.schema;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A versioned registry schema: the ordered list of encrypted fields. Loaded from a data file
 * ({@code registry-schema/v<N>.json} on the classpath, or any stream), so that a registry extends it
 * without code changes. The first categorical field doubles as the encrypted record count: its cells
 * are proven to sum to exactly 1 per record.
 */
public record RegistrySchema(String version, List<FieldSpec> fields) {

    /** The schema version shipped with this build. */
    public static final String CURRENT_VERSION = "1";

    public RegistrySchema {
        Objects.requireNonNull(version, "version");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new SchemaException("schema " + version + " has no fields");
        }
        if (fields.stream().map(FieldSpec::name).distinct().count() != fields.size()) {
            throw new SchemaException("schema " + version + " has duplicate field names");
        }
        if (fields.stream().noneMatch(f -> f instanceof FieldSpec.Categorical)) {
            throw new SchemaException("schema " + version + " needs at least one categorical field (the count)");
        }
    }

    /** The schema shipped with this build. */
    public static RegistrySchema current() {
        return load(CURRENT_VERSION);
    }

    /** Loads {@code registry-schema/v<version>.json} from the classpath. */
    public static RegistrySchema load(String version) {
        if (!version.matches("[0-9]{1,4}")) {
            throw new SchemaException("unknown schema version: " + version);
        }
        try (InputStream in = RegistrySchema.class.getResourceAsStream("/registry-schema/v" + version + ".json")) {
            if (in == null) {
                throw new SchemaException("unknown schema version: " + version);
            }
            return parse(in);
        } catch (IOException e) {
            throw new SchemaException("cannot read schema " + version + ": " + e.getMessage());
        }
    }

    /** Parses a schema document. */
    public static RegistrySchema parse(InputStream in) {
        JsonNode root = JsonMapper.builder().build().readTree(in);
        String version = text(root, "schemaVersion");
        List<FieldSpec> fields = new ArrayList<>();
        JsonNode list = root.get("fields");
        if (list == null || !list.isArray()) {
            throw new SchemaException("schema needs a 'fields' array");
        }
        for (JsonNode f : list) {
            String name = text(f, "name");
            if (!name.matches("[a-zA-Z][a-zA-Z0-9]{0,63}")) {
                throw new SchemaException("invalid field name: " + name);
            }
            String cde = f.has("cde") ? f.get("cde").asString() : "";
            String type = text(f, "type");
            switch (type) {
                case "categorical" -> {
                    List<String> categories = new ArrayList<>();
                    JsonNode cats = f.get("categories");
                    if (cats == null || !cats.isArray()) {
                        throw new SchemaException("field " + name + ": needs a 'categories' array");
                    }
                    cats.forEach(c -> categories.add(c.asString()));
                    fields.add(new FieldSpec.Categorical(name, cde, categories));
                }
                case "integer" -> {
                    if (!f.has("min") || !f.has("max")) {
                        throw new SchemaException("field " + name + ": needs 'min' and 'max'");
                    }
                    fields.add(new FieldSpec.Integer(name, cde, f.get("min").asLong(), f.get("max").asLong(),
                            f.has("squares") && f.get("squares").asBoolean()));
                }
                default -> throw new SchemaException("field " + name + ": unknown type " + type);
            }
        }
        return new RegistrySchema(version, fields);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new SchemaException("schema needs a string '" + field + "'");
        }
        return v.asString();
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The categorical field whose one-hot sum serves as the encrypted record count. */
    public FieldSpec.Categorical countField() {
        return fields.stream().filter(f -> f instanceof FieldSpec.Categorical).map(f -> (FieldSpec.Categorical) f)
                .findFirst().orElseThrow();
    }

    /** Field name to spec, in schema order. */
    public Map<String, FieldSpec> byName() {
        Map<String, FieldSpec> m = new LinkedHashMap<>();
        fields.forEach(f -> m.put(f.name(), f));
        return m;
    }
}
