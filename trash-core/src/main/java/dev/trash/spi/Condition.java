package dev.trash.spi;

import dev.trash.internal.Check;
import java.util.List;
import java.util.Objects;

/**
 * A plain condition on trash records, made by core and evaluated by stores: comparisons of
 * {@link ItemField}s with values, null tests, and their conjunction and disjunction. Core writes
 * what "listed", "restorable", "due", "claimable" and "owned by" mean once, as conditions; an
 * in-memory store calls {@link #test}, a SQL store renders each node as a predicate on the
 * field's column. Immutable and thread-safe.
 */
public sealed interface Condition {
    /**
     * {@return whether {@code record} satisfies this condition}
     *
     * @param record the trash item as the store keeps it
     */
    boolean test(TrashRecord record);

    /** A comparison operator. */
    enum Op {
        /** equal */
        EQ,
        /** less than */
        LT,
        /** less than or equal */
        LE,
        /** greater than */
        GT,
        /** greater than or equal */
        GE
    }

    /**
     * Every part holds (true if there are none).
     *
     * @param parts the conditions
     */
    record All(List<Condition> parts) implements Condition {
        /**
         * Validates and freezes the parts.
         *
         * @param parts the conditions to combine
         */
        public All {
            parts = List.copyOf(Check.notNull(parts, "parts"));
        }

        @Override
        public boolean test(TrashRecord record) {
            for (Condition part : parts) {
                if (!part.test(record)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * At least one part holds (false if there are none).
     *
     * @param parts the conditions
     */
    record Any(List<Condition> parts) implements Condition {
        /**
         * Validates and freezes the parts.
         *
         * @param parts the conditions to combine
         */
        public Any {
            parts = List.copyOf(Check.notNull(parts, "parts"));
        }

        @Override
        public boolean test(TrashRecord record) {
            for (Condition part : parts) {
                if (part.test(record)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The field is null (or, with {@code isNull} false, is not).
     *
     * @param field the field
     * @param isNull whether the field must be null
     */
    record Null(ItemField field, boolean isNull) implements Condition {
        /**
         * Validates the field.
         *
         * @param field the field
         * @param isNull whether the field must be null
         */
        public Null {
            Check.notNull(field, "field");
        }

        @Override
        public boolean test(TrashRecord record) {
            return (field.of(record) == null) == isNull;
        }
    }

    /**
     * {@code field op value}; false when the field is null, as in SQL.
     *
     * @param field the field
     * @param op the operator
     * @param value an {@link java.time.Instant}, {@link String}, {@link Integer} or {@link Long},
     *     as the field holds
     */
    record Compare(ItemField field, Op op, Comparable<?> value) implements Condition {
        /**
         * Validates every component.
         *
         * @param field the item field
         * @param op the comparison
         * @param value the value to compare the field with
         */
        public Compare {
            Check.notNull(field, "field");
            Check.notNull(op, "op");
            Check.notNull(value, "value");
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public boolean test(TrashRecord record) {
            Object actual = field.of(record);
            if (actual == null) {
                return false;
            }
            int c = ((Comparable) actual).compareTo(value);
            return switch (op) {
                case EQ -> c == 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
    }

    /**
     * The field (a {@link String} field) contains {@code needle}, ignoring case: both lower-cased with
     * {@link java.util.Locale#ROOT} (in SQL: {@code LOWER(column) LIKE '%needle%'}, the needle escaped
     * for {@code LIKE}); false when the field is null.
     *
     * @param field the field
     * @param needle what it must contain, already lower-cased
     */
    record Contains(ItemField field, String needle) implements Condition {
        /**
         * Validates both components and lower-cases the needle.
         *
         * @param field the item field
         * @param needle the text to look for, matched literally
         */
        public Contains {
            Check.notNull(field, "field");
            needle = Check.notNull(needle, "needle").toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public boolean test(TrashRecord record) {
            Object actual = field.of(record);
            return actual instanceof String s && s.toLowerCase(java.util.Locale.ROOT).contains(needle);
        }
    }

    /**
     * {@return a condition that holds when every one of {@code parts} does}
     *
     * @param parts the conditions to combine
     */
    static Condition all(Condition... parts) {
        return new All(List.of(parts));
    }

    /**
     * {@return a condition that holds when one of {@code parts} does}
     *
     * @param parts the conditions to combine
     */
    static Condition any(Condition... parts) {
        return new Any(List.of(parts));
    }

    /**
     * {@return {@code field IS NULL}}
     *
     * @param field the item field
     */
    static Condition isNull(ItemField field) {
        return new Null(field, true);
    }

    /**
     * {@return {@code field IS NOT NULL}}
     *
     * @param field the item field
     */
    static Condition notNull(ItemField field) {
        return new Null(field, false);
    }

    /**
     * {@return {@code field} contains {@code needle}, ignoring case}
     *
     * @param field the item field
     * @param needle the text to look for, matched literally
     */
    static Condition contains(ItemField field, String needle) {
        return new Contains(field, needle);
    }

    /**
     * {@return {@code field op value}}
     *
     * @param field the item field
     * @param op the comparison
     * @param value the value to compare the field with
     */
    static Condition compare(ItemField field, Op op, Comparable<?> value) {
        return new Compare(field, op, Objects.requireNonNull(value, "value"));
    }
}
