package io.saturdayzoo.core.events;

import java.util.Map;

/**
 * Announces registry facts ("ModelVersionRegistered", "ChampionPromoted") to whoever listens. Publishing is a
 * notification, never part of the fact: the registry logs a failed publish and keeps the registration.
 */
public interface EventPublisher {

    /** Source of every registry event on the bus. */
    String SOURCE = "saturday-zoo.registry";
    String MODEL_VERSION_REGISTERED = "ModelVersionRegistered";
    String CHAMPION_PROMOTED = "ChampionPromoted";
    /** Any lifecycle change of a version (from, to, reason, by), each with its audit row. */
    String LIFECYCLE_CHANGED = "ModelLifecycleChanged";
    /** The gate chose a version whose spec asks a person to approve it (promotion "manual"). */
    String APPROVAL_REQUESTED = "ModelApprovalRequested";
    /** A label's champion was rolled back to the one before it. */
    String CHAMPION_ROLLED_BACK = "ChampionRolledBack";
    /** An on-demand training registered a version: its id, parent, caller and settled cost. */
    String MODEL_VERSION_TRAINED = "ModelVersionTrained";

    /**
     * @param detailType e.g. {@link #MODEL_VERSION_REGISTERED}
     * @param detail     JSON-serializable payload
     */
    void publish(String detailType, Map<String, Object> detail);
}
