package dev.trash.testkit;

import dev.trash.ResourceType;
import dev.trash.SlugScope;
import java.time.Duration;
import java.util.List;

/**
 * The resource types of the reference ML platform, which every suite runs on: projects holding
 * models (each with weights, training runs and exports), datasets holding images and annotations.
 * A {@link SuiteBackend} must hold these eight types, with slug uniqueness among active rows for
 * projects and datasets (per workspace) and models (per project), exactly as {@link #ALL}
 * describes them (possibly with the retentions of {@link #withRetention}).
 */
public final class ReferenceTypes {
    /** Type names. */
    public static final String PROJECT = "project";
    /** Type names. */
    public static final String MODEL = "model";
    /** Type names. */
    public static final String WEIGHTS = "weights";
    /** Type names. */
    public static final String TRAINING_RUN = "training_run";
    /** Type names. */
    public static final String EXPORT = "export";
    /** Type names. */
    public static final String DATASET = "dataset";
    /** Type names. */
    public static final String IMAGE = "image";
    /** Type names. */
    public static final String ANNOTATION = "annotation";

    /** Every reference type, parents before children, none with a retention of its own. */
    public static final List<ResourceType> ALL = List.of(
            ResourceType.of(PROJECT).slugUniqueIn(SlugScope.WORKSPACE),
            ResourceType.of(MODEL).childOf(PROJECT).slugUniqueIn(SlugScope.PARENT),
            ResourceType.of(WEIGHTS).childOf(MODEL),
            ResourceType.of(TRAINING_RUN).childOf(MODEL),
            ResourceType.of(EXPORT).childOf(MODEL),
            ResourceType.of(DATASET).slugUniqueIn(SlugScope.WORKSPACE),
            ResourceType.of(IMAGE).childOf(DATASET),
            ResourceType.of(ANNOTATION).childOf(DATASET));

    /** A type nested in itself (SPEC R37): folders in folders, slugs unique per parent folder. */
    public static final String FOLDER = "folder";
    /** Documents, in folders. */
    public static final String DOCUMENT = "document";

    /** {@link #ALL} and a document manager's folders (nested in each other) and documents. */
    public static final List<ResourceType> WITH_FOLDERS = java.util.stream.Stream.concat(ALL.stream(), java.util.stream.Stream.of(
            ResourceType.of(FOLDER).childOf(FOLDER).slugUniqueIn(SlugScope.PARENT),
            ResourceType.of(DOCUMENT).childOf(FOLDER))).toList();

    private ReferenceTypes() {
    }

    /**
     * @return {@code types}, in the same order, with every leaf child type (no type names it as its
     *     parent; not nested in itself) {@linkplain ResourceType#hiddenWithParent() hidden with its
     *     parent} (SPEC R42): of {@link #ALL} weights, training runs, exports, images and
     *     annotations; of {@link #WITH_FOLDERS} documents too. The suites run on both forms.
     */
    public static List<ResourceType> hidden(List<ResourceType> types) {
        java.util.Set<String> parents = new java.util.HashSet<>();
        types.forEach(t -> t.parent().filter(p -> !t.nested()).ifPresent(parents::add));
        return types.stream()
                .map(t -> t.parent().isPresent() && !t.nested() && !parents.contains(t.name()) ? t.hiddenWithParent() : t)
                .toList();
    }

    /**
     * @return {@link #ALL}, in the same order, with {@code type}'s own retention set to
     *     {@code retention} (the other types keep the manager's default)
     * @throws IllegalArgumentException if {@code type} is not a reference type
     */
    public static List<ResourceType> withRetention(String type, Duration retention) {
        if (ALL.stream().noneMatch(t -> t.name().equals(type))) {
            throw new IllegalArgumentException(type + " is not a reference type");
        }
        return ALL.stream().map(t -> t.name().equals(type) ? t.retention(retention) : t).toList();
    }
}
