package dev.trash.examples.platform;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trash.BulkResult;
import dev.trash.Hold;
import dev.trash.InvalidArgumentException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.RestorePreview;
import dev.trash.Restored;
import dev.trash.StorageSummary;
import dev.trash.TrashItem;
import dev.trash.Treemap;
import dev.trash.TreemapTile;
import dev.trash.Sizes;
import dev.trash.WorkspaceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of {@link ApiServer}: reads request bodies strictly (a JSON object with exactly the
 * known fields, each of the right type; anything else is an {@link InvalidArgumentException} naming
 * the problem) and renders trash items (with their holds), restores and their previews, purges, bulk
 * outcomes, storage summaries, plans and platform resources.
 * Stateless and thread-safe (the mapper is configured once and only read).
 */
final class Json {
    /** The type a body field must have. */
    enum FieldType {
        /** a JSON string */
        STRING("a string"),
        /** a JSON integer that fits in 32 bits */
        INT("an integer"),
        /** a JSON integer that fits in 64 bits */
        LONG("an integer"),
        /** {@code true} or {@code false} */
        BOOLEAN("a boolean"),
        /** a JSON array (its elements are checked by the caller) */
        ARRAY("an array");

        private final String description;

        FieldType(String description) {
            this.description = description;
        }
    }

    /**
     * A request body that passed {@link #object}: every required field is present, and every field
     * present has its declared type.
     */
    record Body(ObjectNode node) {
        boolean has(String field) {
            return node.has(field);
        }

        boolean bool(String field) {
            return node.get(field).booleanValue();
        }

        JsonNode array(String field) {
            return node.get(field);
        }

        String text(String field) {
            return node.get(field).textValue();
        }

        int intValue(String field) {
            return node.get(field).intValue();
        }

        long longValue(String field) {
            return node.get(field).longValue();
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** @return a new empty JSON object */
    static ObjectNode node() {
        return MAPPER.createObjectNode();
    }

    /** @return {@code node} as UTF-8 JSON */
    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** @return {@code body} parsed as JSON (an empty body gives a missing node) */
    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            // Jackson's messages may name its classes and settings: say what is wrong, not how it was found.
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Trailing token")) {
                message = "more content after the JSON value (send exactly one JSON object)";
            }
            throw new InvalidArgumentException("request body is not valid JSON: " + HttpFront.scrub(message));
        } catch (IOException e) {
            throw new InvalidArgumentException("request body is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Reads a body that must be a JSON object with exactly {@code fields}, all required.
     *
     * @throws InvalidArgumentException if it is empty, not JSON, not an object, lacks a field, has an
     *     unknown one, or a field has the wrong type
     */
    static Body object(byte[] body, Map<String, FieldType> fields) {
        return object(body, fields, Map.of());
    }

    /**
     * Reads a body that must be a JSON object with all of {@code required}, any of {@code optional},
     * and no other field.
     *
     * @throws InvalidArgumentException if it is empty, not JSON, not an object, lacks a required
     *     field, has an unknown one, or a field has the wrong type
     */
    static Body object(byte[] body, Map<String, FieldType> required, Map<String, FieldType> optional) {
        Map<String, FieldType> fields = new LinkedHashMap<>(required);
        fields.putAll(optional);
        JsonNode node = parse(body);
        if (node.isMissingNode()) {
            throw new InvalidArgumentException("request body is empty; send a JSON object with the fields "
                    + String.join(", ", fields.keySet()));
        }
        if (!node.isObject()) {
            throw new InvalidArgumentException("request body must be a JSON object, got " + typeOf(node));
        }
        ObjectNode object = (ObjectNode) node;
        for (String name : object.properties().stream().map(Map.Entry::getKey).toList()) {
            if (!fields.containsKey(name)) {
                throw new InvalidArgumentException("unknown field '" + shorten(name) + "'; the fields are "
                        + String.join(", ", fields.keySet()));
            }
        }
        fields.forEach((name, type) -> {
            JsonNode value = object.get(name);
            if (value == null) {
                if (required.containsKey(name)) {
                    throw new InvalidArgumentException("missing field '" + name + "'");
                }
                return;
            }
            boolean ok = switch (type) {
                case STRING -> value.isTextual();
                case INT -> value.isIntegralNumber() && value.canConvertToInt();
                case LONG -> value.isIntegralNumber() && value.canConvertToLong();
                case BOOLEAN -> value.isBoolean();
                case ARRAY -> value.isArray();
            };
            if (!ok) {
                boolean integer = type == FieldType.INT || type == FieldType.LONG;
                String got = integer && value.isIntegralNumber() ? "an integer out of range" : typeOf(value);
                throw new InvalidArgumentException("field '" + name + "' must be " + type.description + ", got " + got);
            }
        });
        return new Body(object);
    }

    /** @return whether {@code body} is empty or an empty JSON object (what a request that takes no body may send) */
    static boolean isNone(byte[] body) {
        JsonNode node = parse(body);
        return node.isMissingNode() || (node.isObject() && node.isEmpty());
    }

    /**
     * Checks the body of a request that takes none: empty, or an empty JSON object.
     *
     * @throws InvalidArgumentException otherwise
     */
    static void none(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isMissingNode() && !(node.isObject() && node.isEmpty())) {
            throw new InvalidArgumentException("this request takes no body (send none, or {}), got "
                    + (node.isObject() ? "an object with fields" : typeOf(node)));
        }
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    /** @return {@code {"status","error","message"}} */
    static ObjectNode error(int status, String code, String message) {
        ObjectNode n = node();
        n.put("status", status);
        n.put("error", code);
        n.put("message", message);
        return n;
    }

    /** @return a trash item as the API shows it (SPEC R7) */
    static ObjectNode item(TrashItem item) {
        ObjectNode n = node();
        n.put("id", item.id().toString());
        n.put("type", item.type());
        putId(n, "resourceId", item.root().id());
        n.put("name", item.name());
        n.put("badge", item.badge());
        n.put("cascadedCount", item.cascadedCount());
        putOptional(n, "slug", item.slug());
        if (item.parent().isPresent()) {
            ObjectNode parent = n.putObject("parent");
            parent.put("type", item.parent().get().ref().type());
            putId(parent, "id", item.parent().get().ref().id());
            parent.put("name", item.parent().get().name());
        } else {
            n.putNull("parent");
        }
        n.put("deletedAt", item.deletedAt().toString());
        n.put("deletedBy", item.deletedBy().value());
        n.put("expiresAt", item.expiresAt().toString());
        n.put("expiresIn", item.expiresInLabel());
        n.put("expiresInDays", item.expiresInDays());
        n.put("sizeBytes", item.sizeBytes());
        n.put("size", Sizes.human(item.sizeBytes()));
        n.put("held", item.held());
        if (item.hold().isPresent()) {
            Hold hold = item.hold().get();
            ObjectNode h = n.putObject("hold");
            h.put("reason", hold.reason());
            h.put("by", hold.by().value());
            h.put("at", hold.at().toString());
        } else {
            n.putNull("hold");
        }
        return n;
    }

    /** @return what a restore brought back (SPEC R10, R11) */
    static ObjectNode restored(Restored restored) {
        ObjectNode n = node();
        ResourceRef root = restored.root();
        n.put("item", restored.item().toString());
        n.put("type", root.type());
        putId(n, "id", root.id());
        n.put("restoredCount", restored.restoredCount());
        putOptional(n, "slug", restored.slug());
        putOptional(n, "originalSlug", restored.originalSlug());
        n.put("renamed", restored.renamed());
        putRef(n, "parent", restored.parent());
        return n;
    }

    /** @return what a purge or Empty Trash did (SPEC R15, R16) */
    static ObjectNode purged(Purged purged) {
        ObjectNode n = node();
        n.put("items", purged.items());
        n.put("bytes", purged.bytes());
        n.put("retrying", purged.retrying());
        return n;
    }

    /** @return what Empty Trash did, with the held items it kept (SPEC R16, R32) */
    static ObjectNode emptied(Purged purged) {
        ObjectNode n = purged(purged);
        n.put("held", purged.held());
        return n;
    }

    /** @return what a restore would do (SPEC R33, R34) */
    static ObjectNode preview(RestorePreview preview) {
        ObjectNode n = node();
        n.put("item", preview.item().toString());
        putRef(n, "root", Optional.of(preview.root()));
        putRef(n, "parent", preview.parent());
        putOptional(n, "originalSlug", preview.originalSlug());
        putOptional(n, "slug", preview.slug());
        n.put("renamed", preview.renamed());
        n.put("count", preview.count());
        n.put("bytes", preview.bytes());
        n.put("size", Sizes.human(preview.bytes()));
        ObjectNode byType = n.putObject("byType");
        preview.types().forEach((type, usage) -> {
            ObjectNode u = byType.putObject(type);
            u.put("count", usage.items());
            u.put("bytes", usage.bytes());
        });
        n.put("possible", preview.possible());
        if (preview.refusal().isPresent()) {
            ObjectNode r = n.putObject("refusal");
            r.put("reason", preview.refusal().get().reason().name().toLowerCase(Locale.ROOT));
            r.put("message", preview.refusal().get().message());
        } else {
            n.putNull("refusal");
        }
        return n;
    }

    /**
     * @return what a bulk restore or purge did (SPEC R35): one outcome per item in the order asked,
     *     each with what came back ({@code restored}) or what was purged ({@code purged}) as the
     *     single call answers it, and the count of each status
     * @param restore whether it was a restore (outcomes carry {@code restored}) or a purge ({@code purged})
     */
    static ObjectNode bulk(BulkResult result, boolean restore) {
        ObjectNode n = node();
        var outcomes = n.putArray("outcomes");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (BulkResult.Outcome o : result.outcomes()) {
            ObjectNode item = outcomes.addObject();
            String status = o.status().name().toLowerCase(Locale.ROOT);
            counts.merge(status, 1L, Long::sum);
            item.put("item", o.item().toString());
            item.put("status", status);
            item.put("refused", o.refused());
            item.put("message", o.message());
            if (restore) {
                putObject(item, "restored", o.restored().map(Json::restored));
            } else {
                putObject(item, "purged", o.purged().map(Json::purged));
            }
        }
        ObjectNode c = n.putObject("counts");
        counts.forEach(c::put);
        n.put("refused", result.refused().size());
        return n;
    }

    /** @return a workspace's plan and the plans there are (SPEC R36) */
    static ObjectNode plan(WorkspaceId workspace, Plan plan) {
        ObjectNode n = node();
        n.put("workspace", workspace.value());
        n.put("plan", plan.id());
        n.put("retentionDays", plan.retention().toDays());
        ObjectNode plans = n.putObject("plans");
        for (Plan p : Plan.values()) {
            plans.put(p.id(), p.retention().toDays());
        }
        return n;
    }

    /** @return a workspace's plan after a change, and how many items got a new expiry if it was re-applied */
    static ObjectNode planChange(WorkspaceId workspace, Platform.PlanChange change) {
        ObjectNode n = plan(workspace, change.plan());
        if (change.reapplied().isPresent()) {
            n.put("reapplied", change.reapplied().getAsLong());
        } else {
            n.putNull("reapplied");
        }
        return n;
    }

    /** @return an active platform resource */
    static ObjectNode resource(Platform.Resource resource) {
        ObjectNode n = node();
        n.put("type", resource.type());
        n.put("id", resource.id());
        n.put("name", resource.name());
        n.put("slug", resource.slug());
        if (resource.parentId().isPresent()) {
            n.put("parentId", resource.parentId().get());
        } else {
            n.putNull("parentId");
        }
        return n;
    }

    /** @return the storage summary with the workspace's quota bytes and the treemap (SPEC R8, R20) */
    static ObjectNode storage(StorageSummary summary, long workspaceStorageBytes, Treemap treemap) {
        ObjectNode n = node();
        n.put("workspace", summary.workspace().value());
        n.put("items", summary.items());
        n.put("bytes", summary.bytes());
        n.put("size", Sizes.human(summary.bytes()));
        ObjectNode byType = n.putObject("byType");
        summary.byTypeSorted().forEach((type, usage) -> {
            ObjectNode u = byType.putObject(type);
            u.put("items", usage.items());
            u.put("bytes", usage.bytes());
            u.put("size", Sizes.human(usage.bytes()));
        });
        n.put("purgingItems", summary.purgingItems());
        n.put("purgingBytes", summary.purgingBytes());
        n.put("workspaceStorageBytes", workspaceStorageBytes);
        ObjectNode map = n.putObject("treemap");
        map.put("width", treemap.width());
        map.put("height", treemap.height());
        var tiles = map.putArray("tiles");
        for (TreemapTile tile : treemap.tiles()) {
            ObjectNode t = tiles.addObject();
            putOptional(t, "item", tile.item().map(Object::toString));
            t.put("type", tile.type());
            t.put("label", tile.label());
            t.put("bytes", tile.bytes());
            t.put("x", tile.x());
            t.put("y", tile.y());
            t.put("width", tile.width());
            t.put("height", tile.height());
            t.put("color", tile.color());
        }
        map.put("svg", treemap.toSvg());
        return n;
    }

    /** The platform's resource ids are BIGINTs: shown as JSON numbers, like in the resource listings. */
    private static void putId(ObjectNode n, String field, String id) {
        try {
            n.put(field, Long.parseLong(id));
        } catch (NumberFormatException e) {
            n.put(field, id);
        }
    }

    /** Puts {@code {"type","id"}} of the resource, or null. */
    private static void putRef(ObjectNode n, String field, Optional<ResourceRef> ref) {
        if (ref.isPresent()) {
            ObjectNode r = n.putObject(field);
            r.put("type", ref.get().type());
            putId(r, "id", ref.get().id());
        } else {
            n.putNull(field);
        }
    }

    private static void putObject(ObjectNode n, String field, Optional<ObjectNode> value) {
        if (value.isPresent()) {
            n.set(field, value.get());
        } else {
            n.putNull(field);
        }
    }

    private static void putOptional(ObjectNode n, String field, Optional<String> value) {
        if (value.isPresent()) {
            n.put(field, value.get());
        } else {
            n.putNull(field);
        }
    }

    /** @return {@code text} as UTF-8 */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
