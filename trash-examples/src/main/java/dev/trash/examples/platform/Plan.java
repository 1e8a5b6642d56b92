package dev.trash.examples.platform;

import dev.trash.InvalidArgumentException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The platform's plans and the Trash retention each gives its workspaces (SPEC R36): the platform's
 * {@link dev.trash.spi.RetentionPolicy} answers every delete with the retention of the deleting
 * workspace's plan, for every type. A plan change affects later deletes only, unless the admin asks
 * for it to be re-applied to the items already in the Trash ({@link Platform#changePlan}).
 * Immutable and thread-safe.
 */
enum Plan {
    /** The plan of a new workspace: 30 days, the library's default. */
    FREE(30),
    /** 180 days. */
    PRO(180),
    /** 365 days. */
    ENTERPRISE(365);

    private final Duration retention;

    Plan(int days) {
        this.retention = Duration.ofDays(days);
    }

    /** @return how long this plan keeps items restorable */
    Duration retention() {
        return retention;
    }

    /** @return the plan's name in the API and in the database, e.g. {@code pro} */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the plan named {@code id} (lower case, as {@link #id()} gives it)
     * @throws InvalidArgumentException if there is no such plan
     */
    static Plan of(String id) {
        for (Plan plan : values()) {
            if (plan.id().equals(id)) {
                return plan;
            }
        }
        throw new InvalidArgumentException("plan must be one of " + ids() + ", got '"
                + (id.length() <= 64 ? id : id.substring(0, 64) + "...") + "'");
    }

    /** @return the plans' names, e.g. {@code free, pro, enterprise} */
    static String ids() {
        return Arrays.stream(values()).map(Plan::id).collect(Collectors.joining(", "));
    }
}
