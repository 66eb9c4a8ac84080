package org.janseva.user.erasure;

import org.janseva.platform.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/users/me}: the citizen erases their account. */
@RestController
class ErasureController {

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @DeleteMapping("/api/v1/users/me")
    ResponseEntity<Void> erase(Caller caller) {
        erasures.erase(caller.subject());
        return ResponseEntity.noContent().build();
    }
}
