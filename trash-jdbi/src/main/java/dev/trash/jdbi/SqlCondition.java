package dev.trash.jdbi;

import dev.trash.spi.Condition;
import dev.trash.spi.ItemField;
import dev.trash.spi.PurgeChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A core {@link Condition} or {@link PurgeChange} rendered as SQL over the {@code trash_item}
 * columns, with its values as named parameters (instants bound by the dialect, at UTC). The adapter only renders
 * what core decided: it never adds a purge rule of its own. Immutable once made; thread-safe.
 *
 * @param sql the predicate (or {@code SET} list)
 * @param values the named parameters it uses: {@link Argument}s, strings and integers
 */
record SqlCondition(String sql, Map<String, Object> values) {
    /** The longest error message kept for a failed purge (the width of {@code last_error}). */
    static final int MAX_ERROR = 2_000;

    SqlCondition {
        values = Map.copyOf(values);
    }

    /**
     * @return {@code where} as a predicate whose parameters are named {@code prefix0}, {@code prefix1},
     *     …, instants bound as {@code dialect} binds times
     */
    static SqlCondition where(Condition where, String prefix, Dialect dialect) {
        Map<String, Object> values = new LinkedHashMap<>();
        String sql = render(where, prefix, values, dialect);
        return new SqlCondition(sql, values);
    }

    /**
     * @return the {@code SET} list that writes {@code change}: owner, availability and due time, and
     *     the attempts and last error when the change carries them (else each row keeps its own);
     *     parameters named {@code prefix…}, instants bound as {@code dialect} binds times
     */
    static SqlCondition set(PurgeChange change, String prefix, Dialect dialect) {
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("purge_owner = :" + prefix + "o, available_at = :" + prefix
                + "a, due_at = :" + prefix + "a");
        values.put(prefix + "o", change.owner());
        values.put(prefix + "a", dialect.time(change.availableAt()));
        if (change.attempts().isPresent()) {
            sql.append(", attempts = :").append(prefix).append('n');
            values.put(prefix + "n", change.attempts().getAsInt());
        }
        change.lastError().ifPresent(error -> {
            sql.append(", last_error = :").append(prefix).append('e');
            values.put(prefix + "e", clip(error));
        });
        return new SqlCondition(sql.toString(), values);
    }

    /** @return {@code error} cut to {@link #MAX_ERROR} characters (an ellipsis marks the cut) */
    static String clip(String error) {
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
    }

    /** @return the column of {@code trash_item} that holds {@code field} */
    static String column(ItemField field) {
        return switch (field) {
            case EXPIRES_AT -> "expires_at";
            case DUE_AT -> "due_at";
            case PURGE_OWNER -> "purge_owner";
            case AVAILABLE_AT -> "available_at";
            case ATTEMPTS -> "attempts";
            case HELD_AT -> "held_at";
            case NAME -> "name";
            case DELETED_BY -> "deleted_by";
            case DELETED_AT -> "deleted_at";
            case SIZE -> "size_bytes";
            case WARNED_AT -> "warned_at";
        };
    }

    /** Binds every value to {@code statement}; returns it. */
    <S extends SqlStatement<S>> S bind(S statement) {
        values.forEach((name, value) -> {
            if (value instanceof Argument a) {
                statement.bind(name, a);
            } else if (value instanceof String s) {
                statement.bind(name, s);
            } else {
                statement.bind(name, (Integer) value);
            }
        });
        return statement;
    }

    private static String render(Condition c, String prefix, Map<String, Object> values, Dialect dialect) {
        if (c instanceof Condition.All all) {
            return join(all.parts(), " AND ", "(1 = 1)", prefix, values, dialect);
        }
        if (c instanceof Condition.Any any) {
            return join(any.parts(), " OR ", "(1 = 0)", prefix, values, dialect);
        }
        if (c instanceof Condition.Null n) {
            return column(n.field()) + (n.isNull() ? " IS NULL" : " IS NOT NULL");
        }
        if (c instanceof Condition.Compare cmp) {
            String name = prefix + values.size();
            values.put(name, value(cmp.field(), cmp.value(), dialect));
            return column(cmp.field()) + " " + operator(cmp.op()) + " :" + name;
        }
        throw new IllegalArgumentException("unknown condition " + c);
    }

    private static String join(java.util.List<Condition> parts, String operator, String empty, String prefix,
                               Map<String, Object> values, Dialect dialect) {
        if (parts.isEmpty()) {
            return empty;
        }
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(operator);
            }
            sql.append(render(parts.get(i), prefix, values, dialect));
        }
        return sql.append(')').toString();
    }

    private static String operator(Condition.Op op) {
        return switch (op) {
            case EQ -> "=";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
        };
    }

    private static Object value(ItemField field, Object value, Dialect dialect) {
        if (value instanceof Instant at) {
            return dialect.time(at);
        }
        if (value instanceof String || value instanceof Integer) {
            return value;
        }
        throw new IllegalArgumentException("a condition on " + field + " compares with a "
                + value.getClass().getName() + "; trash-jdbi binds Instant, String and Integer values");
    }
}
