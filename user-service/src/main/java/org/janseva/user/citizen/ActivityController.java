package org.janseva.user.citizen;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.util.List;
import org.janseva.platform.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Favourites ({@code /api/v1/users/me/favourites}), recent services
 * ({@code /api/v1/users/me/recent}, the last 20, newest first), and the internal endpoint by which
 * catalog-service records a use ({@code POST /internal/v1/users/{citizenId}/recent}, service
 * token only).
 *
 * <p>The gateway refuses an erased citizen's access tokens once it has polled the revocations,
 * but here (and in the seconds before) such a token still verifies until its {@code exp}: every
 * {@code /me} route first checks that the account is still active and answers 404
 * {@code CITIZEN_NOT_FOUND} otherwise, as {@code GET /api/v1/users/me} does, so that nothing is
 * read or written for an erased id.
 */
@RestController
@Validated
class ActivityController {

    static final String SERVICE_CODE = "[A-Z0-9][A-Z0-9-]{0,63}";
    static final int MAX_FAVOURITES = 100;

    private final ActivityRepository activity;
    private final CitizenRepository citizens;
    private final Clock clock;

    ActivityController(ActivityRepository activity, CitizenRepository citizens, Clock clock) {
        this.activity = activity;
        this.citizens = citizens;
        this.clock = clock;
    }

    record ItemsView<T>(List<T> items) {}

    record FavouriteView(String serviceCode, java.time.OffsetDateTime addedAt) {}

    record RecentView(String serviceCode, java.time.OffsetDateTime usedAt) {}

    record RecentUseRequest(
            @NotBlank @Pattern(regexp = SERVICE_CODE) String serviceCode) {}

    @GetMapping("/api/v1/users/me/favourites")
    ItemsView<FavouriteView> favourites(Caller caller) {
        return new ItemsView<>(activity.favourites(activeCitizen(caller)).stream()
                .map(e -> new FavouriteView(e.serviceCode(), e.at()))
                .toList());
    }

    @PutMapping("/api/v1/users/me/favourites/{serviceCode}")
    ResponseEntity<Void> addFavourite(Caller caller, @PathVariable @Pattern(regexp = SERVICE_CODE) String serviceCode) {
        String citizenId = activeCitizen(caller);
        if (activity.countFavourites(citizenId) >= MAX_FAVOURITES) {
            throw AccountProblems.limitReached(
                    "FAVOURITES_LIMIT", "At most " + MAX_FAVOURITES + " services can be favourites.");
        }
        activity.addFavourite(citizenId, serviceCode, clock.instant());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/users/me/favourites/{serviceCode}")
    ResponseEntity<Void> removeFavourite(
            Caller caller, @PathVariable @Pattern(regexp = SERVICE_CODE) String serviceCode) {
        activity.removeFavourite(activeCitizen(caller), serviceCode);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/users/me/recent")
    ItemsView<RecentView> recent(Caller caller) {
        return new ItemsView<>(activity.recent(activeCitizen(caller)).stream()
                .map(e -> new RecentView(e.serviceCode(), e.at()))
                .toList());
    }

    @PostMapping("/internal/v1/users/{citizenId}/recent")
    ResponseEntity<Void> recordUse(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9-]{1,36}") String citizenId,
            @Valid @RequestBody RecentUseRequest request) {
        activity.recordUse(citizenId, request.serviceCode(), clock.instant());
        return ResponseEntity.noContent().build();
    }

    /** @return the caller's id, when their account is still active */
    private String activeCitizen(Caller caller) {
        if (!citizens.existsActiveById(caller.subject())) {
            throw AccountProblems.notFound();
        }
        return caller.subject();
    }
}
