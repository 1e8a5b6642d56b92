package dev.trash.jdbi;

import dev.trash.spi.Condition;
import dev.trash.spi.ItemField;
import dev.trash.spi.PurgeChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A core {@link Condition} or {@link PurgeChange} rendered as SQL over the {@code trash_item}
 * columns, with its values as named parameters (instants bound by the dialect, at UTC). The adapter only renders
 * what core decided: it never adds a purge rule of its own. Immutable once made; thread-safe.
 *
 * @param sql the predicate (or {@code SET} list)
 * @param values the named parameters it uses: {@link Argument}s, strings, integers and longs
 */
record SqlCondition(String sql, Map<String, Object> values) {
    /** The longest error message kept for a failed purge (the width of {@code last_error}). */
    static final int MAX_ERROR = 2_000;
    /** The characters of a name that {@code name_key} keeps (schema version 4). */
    static final int NAME_KEY_LENGTH = 255;
    /** The escape character of the {@code LIKE} patterns: not a backslash, which MariaDB's string literals escape. */
    static final char LIKE_ESCAPE = '!';

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
     * An item's {@link ItemField#DUE_AT} exactly, as SQL: {@code due_at} while it is in the Trash (there
     * the column is exact), {@code available_at} once a purge has claimed it (where {@code due_at} may
     * be earlier, see {@link #claim}).
     */
    static final String DUE_AT = "(CASE WHEN purge_owner IS NULL THEN due_at ELSE available_at END)";

    /**
     * @return the {@code SET} list that writes {@code change} as a release (a hand-back, a failure):
     *     owner, availability and due time, and the attempts and last error when the change carries
     *     them (else each row keeps its own); parameters named {@code prefix…}, instants bound as
     *     {@code dialect} binds times. The due time moves to {@code availableAt}, later or not, so that
     *     an item waiting for its retry leaves the range of due items of the index on {@code due_at}
     */
    static SqlCondition set(PurgeChange change, String prefix, Dialect dialect) {
        return set(change, prefix, dialect, "due_at = :" + prefix + "a");
    }

    /**
     * @return the {@code SET} list that writes {@code change} as a claim: like {@link #set}, but the
     *     due time becomes the earlier of the row's own and {@code availableAt} ({@link Dialect#earlier}),
     *     not {@code availableAt}. The claim of a due item (due time passed, lease in the future) thus
     *     leaves the indexed {@code due_at} as it is: no index entry moves (InnoDB and H2 update only the
     *     indexes whose columns change; PostgreSQL, given schema version 5, makes the claim a HOT
     *     update), and the claim writes only the row's owner and lease. The
     *     column then holds a lower bound of the item's {@link ItemField#DUE_AT} (exact while the item is
     *     in the Trash, at most {@code available_at} once claimed), which {@link #where} renders
     *     exactly: {@code DUE_AT <= t} is {@code due_at <= t AND (purge_owner IS NULL OR available_at <= t)},
     *     still a range of the index, and any other comparison is made on {@link #DUE_AT}
     */
    static SqlCondition claim(PurgeChange change, String prefix, Dialect dialect) {
        return set(change, prefix, dialect, "due_at = " + dialect.earlier("due_at", ":" + prefix + "a"));
    }

    private static SqlCondition set(PurgeChange change, String prefix, Dialect dialect, String due) {
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("purge_owner = :" + prefix + "o, available_at = :" + prefix
                + "a, " + due);
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

    /**
     * @return the name as {@code name_key} holds it, the name order sorts and the name filter
     *     searches it (SPEC R38): lower-cased by Java with {@link Locale#ROOT} (as trash-core lower-cases
     *     names and needles), cut to its first {@value #NAME_KEY_LENGTH} characters (one fewer where the
     *     cut would split a surrogate pair), so that it fits every database's index
     */
    static String nameKey(String name) {
        return cutNameKey(name.toLowerCase(Locale.ROOT));
    }

    /** @return {@code lowered}, a name lower-cased already (a name cursor's value), cut as {@link #nameKey} cuts it */
    static String cutNameKey(String lowered) {
        if (lowered.length() <= NAME_KEY_LENGTH) {
            return lowered;
        }
        int end = Character.isHighSurrogate(lowered.charAt(NAME_KEY_LENGTH - 1)) ? NAME_KEY_LENGTH - 1 : NAME_KEY_LENGTH;
        return lowered.substring(0, end);
    }

    /** @return {@code text} as a {@code LIKE} pattern that matches it literally anywhere: {@code %, _} and {@link #LIKE_ESCAPE} escaped */
    static String containing(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 2).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
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
            } else if (value instanceof Long n) {
                statement.bind(name, n);
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
            if (cmp.field() == ItemField.DUE_AT) {
                // due_at is a lower bound of DUE_AT, exact in the Trash (see claim): "at most" reads the
                // index's range and checks a claimed row's lease; any other comparison the exact value.
                if (cmp.op() == Condition.Op.LE || cmp.op() == Condition.Op.LT) {
                    String op = operator(cmp.op());
                    return "(due_at " + op + " :" + name + " AND (purge_owner IS NULL OR available_at " + op + " :"
                            + name + "))";
                }
                return DUE_AT + " " + operator(cmp.op()) + " :" + name;
            }
            return column(cmp.field()) + " " + operator(cmp.op()) + " :" + name;
        }
        if (c instanceof Condition.Contains contains) {
            if (contains.field() != ItemField.NAME && contains.field() != ItemField.DELETED_BY
                    && contains.field() != ItemField.PURGE_OWNER) {
                throw new IllegalArgumentException("a Contains condition on " + contains.field()
                        + ", which is not text; trash-jdbi searches NAME, DELETED_BY and PURGE_OWNER");
            }
            String name = prefix + values.size();
            values.put(name, containing(contains.needle()));
            // The name is searched in name_key, lower-cased as core lower-cases it; any other text field by LOWER().
            String column = contains.field() == ItemField.NAME ? "name_key" : "LOWER(" + column(contains.field()) + ")";
            return column + " LIKE :" + name + " ESCAPE '" + LIKE_ESCAPE + "'";
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
        if (value instanceof String || value instanceof Integer || value instanceof Long) {
            return value;
        }
        throw new IllegalArgumentException("a condition on " + field + " compares with a "
                + value.getClass().getName() + "; trash-jdbi binds Instant, String, Integer and Long values");
    }
}
