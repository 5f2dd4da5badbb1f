package io.saturdayzoo.core.registry;

/**
 * Where a registered version stands. A version is born CANDIDATE; the eval gate makes it CHAMPION or REJECTED;
 * a champion that is replaced becomes RETIRED (its artifacts stay loadable, it is simply no longer served).
 */
public enum Lifecycle {
    CANDIDATE, CHAMPION, REJECTED, RETIRED
}
