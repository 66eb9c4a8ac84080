package org.janseva.user.citizen;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.janseva.platform.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/users/me}: the signed-in citizen's profile and MPIN (scope {@code citizen}). */
@RestController
@RequestMapping("/api/v1/users/me")
class ProfileController {

    private final AccountService accounts;

    ProfileController(AccountService accounts) {
        this.accounts = accounts;
    }

    record MpinChangeRequest(
            @NotBlank String oldMpin, @NotBlank String newMpin) {}

    @GetMapping
    ProfileView me(Caller caller) {
        return ProfileView.of(accounts.get(caller.subject()));
    }

    @PatchMapping(consumes = {"application/json", "application/merge-patch+json"})
    ProfileView patch(Caller caller, @RequestBody JsonNode patch) {
        return ProfileView.of(accounts.patch(caller.subject(), patch));
    }

    @PutMapping("/mpin")
    ResponseEntity<Void> changeMpin(Caller caller, @Valid @RequestBody MpinChangeRequest request) {
        accounts.changeMpin(caller.subject(), request.oldMpin(), request.newMpin());
        return ResponseEntity.noContent().build();
    }
}
