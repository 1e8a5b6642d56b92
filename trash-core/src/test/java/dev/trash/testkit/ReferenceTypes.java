package dev.trash.testkit;

import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.TrashManager;
import java.util.List;

/**
 * The resource types of the reference ML platform, which every suite runs on: projects holding
 * models (each with weights, training runs and exports), datasets holding images and annotations.
 * A {@link TrashBackend} must hold these seven types, with slug uniqueness among active rows for
 * projects and datasets (per workspace) and models (per project).
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

    /** Every reference type, parents before children. */
    public static final List<ResourceType> ALL = List.of(
            ResourceType.of(PROJECT).slugUniqueIn(SlugScope.WORKSPACE),
            ResourceType.of(MODEL).childOf(PROJECT).slugUniqueIn(SlugScope.PARENT),
            ResourceType.of(WEIGHTS).childOf(MODEL),
            ResourceType.of(TRAINING_RUN).childOf(MODEL),
            ResourceType.of(EXPORT).childOf(MODEL),
            ResourceType.of(DATASET).slugUniqueIn(SlugScope.WORKSPACE),
            ResourceType.of(IMAGE).childOf(DATASET),
            ResourceType.of(ANNOTATION).childOf(DATASET));

    private ReferenceTypes() {
    }

    /** @return {@code builder} with every reference type declared */
    public static TrashManager.Builder declare(TrashManager.Builder builder) {
        ALL.forEach(builder::type);
        return builder;
    }
}
