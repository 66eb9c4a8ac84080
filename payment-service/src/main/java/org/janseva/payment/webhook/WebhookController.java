package org.janseva.payment.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.janseva.payment.gateway.GatewayEvent;
import org.janseva.payment.gateway.InvalidWebhookException;
import org.janseva.payment.gateway.MalformedWebhookException;
import org.janseva.payment.gateway.PaymentGateway;
import org.janseva.payment.gateway.PaymentGateways;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/payments/webhooks/{gateway}}: no JWT; the gateway proves itself with the
 * signature over the raw body (checked before anything is parsed or stored). Bad or missing
 * signatures and stale timestamps → 401 and nothing changes; a signed event with a field missing
 * or malformed → 400 naming it, and nothing changes. Verified events are acknowledged
 * with 200 whatever they did (duplicate, unknown order, stale), so the gateway stops resending.
 */
@RestController
@Tag(name = "Payment gateway webhooks", description = "The payment gateway reports outcomes (no JWT; signed)")
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final PaymentGateways gateways;
    private final WebhookProcessor processor;
    private final PaymentMetrics metrics;

    WebhookController(PaymentGateways gateways, WebhookProcessor processor, PaymentMetrics metrics) {
        this.gateways = gateways;
        this.processor = processor;
        this.metrics = metrics;
    }

    @PostMapping(path = "/api/v1/payments/webhooks/{gateway}", consumes = "*/*")
    @Operation(
            summary = "An event from the payment gateway",
            description = "Authenticated by the gateway's signature over the raw body (X-PG-Signature for pg), not a"
                    + " JWT. The body is the gateway's JSON event, verified byte for byte whatever its Content-Type"
                    + " (application/json as gateways send it), except a form's (application/x-www-form-urlencoded,"
                    + " multipart/form-data): the server reads a form body as fields and keeps no raw bytes to"
                    + " verify, so it is refused with 415. Every verified event is acknowledged with 200, whatever"
                    + " it did (outcome says what).",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The gateway's event, as JSON, signed byte for byte",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(type = "object", description = "the gateway's event"))),
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = "X-PG-Signature",
                            description = "pg's signature: the lowercase hex HMAC-SHA256 of the raw body with the"
                                    + " webhook secret; required by pg (401 without it), another gateway names its"
                                    + " own header",
                            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "Received; outcome says what it did")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: a signed event that is not usable (errors name the field, e.g."
                    + " data.amount not a decimal number); nothing changes",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description =
                    "WEBHOOK_SIGNATURE_INVALID: a bad or missing signature, or a stale timestamp; nothing changes",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "GATEWAY_NOT_FOUND: no payment gateway of that name",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "415",
            description = "UNSUPPORTED_MEDIA_TYPE: a form's Content-Type, whose raw body cannot be verified; nothing"
                    + " changes",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Map<String, Object>> receive(
            @PathVariable String gateway,
            @Parameter(hidden = true) @RequestHeader HttpHeaders headers,
            @RequestBody(required = false) byte[] body) {
        PaymentGateway target = gateways.find(gateway)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "GATEWAY_NOT_FOUND", "Gateway not found", "No such payment gateway."));
        if (form(headers)) {
            // the servlet container has read the body as form fields (the platform's filters ask for
            // them): what reaches here is a re-encoding, not the bytes the gateway signed
            metrics.webhook("REJECTED_MEDIA_TYPE");
            log.warn("Webhook from {} refused: a form's content type {}", gateway, headers.getFirst("Content-Type"));
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "Unsupported media type",
                    "A webhook is the gateway's JSON event, verified over its raw bytes; a form's content type"
                            + " (application/x-www-form-urlencoded, multipart/form-data) keeps no raw bytes. Send it"
                            + " as application/json.");
        }
        GatewayEvent event;
        try {
            event = target.verifyWebhook(body == null ? new byte[0] : body, headers);
        } catch (InvalidWebhookException ex) {
            metrics.webhook("REJECTED_SIGNATURE");
            log.warn("Webhook from {} rejected: {}", gateway, ex.getMessage());
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "WEBHOOK_SIGNATURE_INVALID",
                    "Webhook not authenticated",
                    "The webhook's signature or timestamp is not acceptable.");
        } catch (MalformedWebhookException ex) {
            metrics.webhook("REJECTED_MALFORMED");
            log.warn("Webhook from {} refused: {}", gateway, ex.getMessage());
            throw new ApiException(
                            HttpStatus.BAD_REQUEST,
                            "VALIDATION_FAILED",
                            "Validation failed",
                            "The webhook is signed but is not a usable event; see errors.")
                    .withProperty("errors", List.of(new FieldErrorView(ex.field(), ex.problem())));
        }
        String outcome = processor.process(target.name(), event);
        metrics.webhook(outcome);
        log.info("Webhook {} {} for order {}: {}", event.eventId(), event.rawType(), event.orderId(), outcome);
        // JSON whatever the gateway's Accept says (RFC 9110 lets a server disregard it): the event is
        // applied by now, and a 406 would have the gateway send it again, and again, for ever
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("received", true, "outcome", outcome));
    }

    private static boolean form(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (InvalidMediaTypeException ex) {
            return false;
        }
        return type != null
                && (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
                        || MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type));
    }
}
