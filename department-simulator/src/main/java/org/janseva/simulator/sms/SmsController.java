package org.janseva.simulator.sms;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.janseva.simulator.fault.FaultInjector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sms}: the SMS gateway of local runs and tests. user-service sends its OTP texts here
 * ({@code POST /sms/messages}); a person or a test reads them back from the outbox
 * ({@code GET /sms/outbox?mobile=9876543210}, newest first). Faults injected for the target
 * {@code sms} ({@code PUT /faults/sms}) apply to sending.
 */
@RestController
@Validated
@RequestMapping("/sms")
class SmsController {

    static final String FAULT_TARGET = "sms";

    private final FaultInjector faults;
    private final SmsOutbox outbox;

    SmsController(FaultInjector faults, ObjectProvider<Clock> clock) {
        this.faults = faults;
        this.outbox = new SmsOutbox(clock.getIfUnique(Clock::systemUTC));
    }

    /**
     * A message to send.
     *
     * @param to the number, E.164 ({@code +919876543210}) or national
     * @param text the text, at most 1,000 characters (a few concatenated SMS)
     * @param sender the sender id shown on the phone
     */
    record SendRequest(
            @NotBlank @Pattern(regexp = "\\+?[0-9]{10,15}") String to,
            @NotBlank @Size(max = 1000) String text,
            @Size(max = 11) String sender) {}

    @PostMapping("/messages")
    ResponseEntity<?> send(@Valid @RequestBody SendRequest request) {
        return faults.answer(FAULT_TARGET, () -> {
            SmsOutbox.Message message = outbox.add(request.to(), request.sender(), request.text());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("messageId", message.messageId(), "status", "ACCEPTED"));
        });
    }

    @GetMapping("/outbox")
    List<SmsOutbox.Message> outbox(@RequestParam @Pattern(regexp = "\\+?[0-9]{10,15}") String mobile) {
        return outbox.to(mobile);
    }
}
