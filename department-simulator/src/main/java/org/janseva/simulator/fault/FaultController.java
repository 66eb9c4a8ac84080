package org.janseva.simulator.fault;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /faults}: inject and clear faults per simulated system, and count its calls, for tests and demos. */
@RestController
@Validated
@RequestMapping("/faults")
class FaultController {

    private final FaultRegistry registry;

    FaultController(FaultRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    Map<String, Fault> list() {
        return registry.all();
    }

    @GetMapping("/{target}")
    Fault get(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String target) {
        return registry.get(target);
    }

    @PutMapping("/{target}")
    Fault put(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String target,
            @Valid @RequestBody FaultRequest request) {
        Fault fault = request.toFault();
        registry.put(target, fault);
        return fault;
    }

    @GetMapping("/{target}/stats")
    TargetStats.View stats(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String target) {
        return registry.stats(target).view();
    }

    @DeleteMapping("/{target}/stats")
    ResponseEntity<Void> resetStats(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String target) {
        registry.resetStats(target);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{target}")
    ResponseEntity<Void> delete(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String target) {
        registry.remove(target);
        return ResponseEntity.noContent().build();
    }
}
