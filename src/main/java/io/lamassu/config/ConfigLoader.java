package io.lamassu.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the configuration once: built-in defaults, then one YAML file, then {@code LAMASSU_*}
 * environment variables, then validation. Every failure names the offending key.
 *
 * <p>Environment variables map to keys in two ways: the short aliases below
 * ({@code LAMASSU_DB_URL} → {@code storage.db_url}) and the generic form
 * {@code LAMASSU_<SECTION>_<KEY>} ({@code LAMASSU_SERVER_MAX_BODY_BYTES} → {@code server.max_body_bytes}).
 * List values are comma-separated. Unknown {@code LAMASSU_*} variables are ignored because other
 * features read their own (for example {@code LAMASSU_MASTER_KEY}).
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "LAMASSU_";
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("DATA_DIR", "data_dir"),
            Map.entry("HOST", "server.host"),
            Map.entry("HTTP_PORT", "server.http_port"),
            Map.entry("HTTPS_PORT", "server.https_port"),
            Map.entry("TLS_HOSTNAMES", "server.tls_hostnames"),
            Map.entry("CORS_ORIGINS", "server.cors_origins"),
            Map.entry("MAX_BODY_BYTES", "server.max_body_bytes"),
            Map.entry("TRUSTED_PROXIES", "server.trusted_proxies"),
            Map.entry("ALLOW_API_OVER_HTTP", "server.allow_api_over_http"),
            Map.entry("DB_URL", "storage.db_url"),
            Map.entry("DB_USER", "storage.db_user"),
            Map.entry("DB_PASSWORD", "storage.db_password"),
            Map.entry("DB_POOL_SIZE", "storage.pool_size"),
            Map.entry("PUBLIC_BASE_URL", "pki.public_base_url"),
            Map.entry("EST_DEFAULT_DMS", "pki.est_default_dms"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private ConfigLoader() {
    }

    /** Defaults (data directory {@code ./data}), then {@code file} if not null, then {@code env}. */
    public static LamassuConfig load(Path file, Map<String, String> env) {
        return load(file, env, Path.of("data"));
    }

    public static LamassuConfig load(Path file, Map<String, String> env, Path defaultDataDir) {
        ObjectNode tree = defaultsTree(defaultDataDir);
        if (file != null) {
            merge(tree, readFile(file), "");
        }
        applyEnv(tree, env);
        LamassuConfig config = bind(tree);
        ConfigValidator.validate(config);
        return config;
    }

    private static ObjectNode defaultsTree(Path dataDir) {
        ObjectNode tree = YAML.valueToTree(LamassuConfig.defaults(dataDir));
        tree.put("data_dir", dataDir.toString());
        return tree;
    }

    private static JsonNode readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "file " + file + " does not exist");
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("--config", "file " + file + " must hold a YAML mapping");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot parse " + file + ": " + e.getMessage());
        }
    }

    /** Deep merge; maps of names (role_mapping) are replaced whole so that a mapping can be removed. */
    private static void merge(ObjectNode target, JsonNode source, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = source.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            boolean nested = existing instanceof ObjectNode && e.getValue().isObject()
                    && !e.getKey().equals("role_mapping");
            if (nested) {
                merge((ObjectNode) existing, e.getValue(), prefix + e.getKey() + ".");
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyEnv(ObjectNode tree, Map<String, String> env) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            String name = e.getKey().substring(ENV_PREFIX.length());
            String key = ALIASES.getOrDefault(name, genericKey(tree, name));
            if (key != null) {
                set(tree, key, e.getValue());
            }
        }
    }

    /** {@code SERVER_HTTP_PORT} → {@code server.http_port} when that key exists; otherwise null. */
    private static String genericKey(ObjectNode tree, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Iterator<Map.Entry<String, JsonNode>> sections = tree.fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> s = sections.next();
            String p = s.getKey() + "_";
            if (s.getValue().isObject() && lower.startsWith(p) && s.getValue().has(lower.substring(p.length()))) {
                return s.getKey() + "." + lower.substring(p.length());
            }
        }
        return tree.has(lower) && !tree.get(lower).isObject() ? lower : null;
    }

    private static void set(ObjectNode tree, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        String leaf = parts[parts.length - 1];
        if (node.get(leaf) != null && node.get(leaf).isArray()) {
            ArrayNode list = node.putArray(leaf);
            Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(list::add);
        } else {
            node.set(leaf, new TextNode(value));
        }
    }

    private static LamassuConfig bind(ObjectNode tree) {
        try {
            return YAML.treeToValue(tree, LamassuConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(path(e), "unknown key (known keys: " + e.getKnownPropertyIds() + ")");
        } catch (InvalidFormatException e) {
            throw new ConfigException(path(e), "cannot read '" + e.getValue() + "' as "
                    + e.getTargetType().getSimpleName());
        } catch (JsonMappingException e) {
            throw new ConfigException(path(e), "invalid value (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException("(root)", e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(root)" : sb.toString();
    }

    /** The effective configuration as YAML with secrets masked (for {@code lamassu config}). */
    public static String describe(LamassuConfig config) {
        ObjectNode tree = YAML.valueToTree(config);
        tree.put("data_dir", config.dataDir().toString());
        ObjectNode storage = (ObjectNode) tree.get("storage");
        if (!config.storage().dbPassword().isEmpty()) {
            storage.put("db_password", "***");
        }
        storage.put("db_url", config.storage().dbUrl().replaceAll("(?i)(password=)[^&]*", "$1***"));
        if (!config.alerts().smtpPassword().isEmpty()) {
            ((ObjectNode) tree.get("alerts")).put("smtp_password", "***");
        }
        ((ObjectNode) tree.get("events")).put("amqp_url", LamassuConfig.Events.maskedUrl(config.events().amqpUrl()));
        try {
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
