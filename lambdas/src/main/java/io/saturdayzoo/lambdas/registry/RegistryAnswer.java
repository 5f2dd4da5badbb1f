package io.saturdayzoo.lambdas.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.registry.RegistrationPages;
import io.saturdayzoo.lambdas.common.VersionJson;

import java.util.List;
import java.util.Map;

/** The Registry function's answers, one per operation ({@link RegistryRequest}); versions as {@link VersionJson}. */
public sealed interface RegistryAnswer {

    record Registered(Map<String, Object> registered) implements RegistryAnswer {
    }

    record Promoted(Map<String, Object> promoted) implements RegistryAnswer {
    }

    record Candidates(List<Map<String, Object>> candidates) implements RegistryAnswer {
    }

    /**
     * register_candidates: the versions registered and the earlier runs recovered ({@link OrphanRuns}); paged, a
     * page before the last answers only the next cursor and done false, the last also done true.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CandidatesRegistered(
            List<Map<String, Object>> registered,
            List<Map<String, Object>> recovered,
            @JsonProperty(RegistrationPages.CURSOR) Integer cursor,
            @JsonProperty(RegistrationPages.DONE) Boolean done) implements RegistryAnswer {

        static CandidatesRegistered next(int cursor) {
            return new CandidatesRegistered(null, null, cursor, false);
        }
    }
}
