package org.janseva.payment.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ReceiptIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    MeterRegistry registry;

    @Test
    void shouldIssueABilingualPdfReceiptForASuccessfulPayment() throws IOException, InterruptedException {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("1234.50"), "1234.50");
        String paymentId = payment.path("paymentId").asString();
        assertProblem(
                http.get("/api/v1/payments/" + paymentId + "/receipt", "Authorization", bearer(citizen)),
                409,
                "RECEIPT_NOT_AVAILABLE");
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        http.request("/api/v1/payments/" + paymentId + "/receipt")
                                .header("Authorization", bearer(citizen))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        Path saved = Path.of("target", "receipt-sample.pdf");
        Files.write(saved, response.body());
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text)
                    .contains("Jan Seva")
                    .contains("Payment receipt")
                    .contains("Bangalore Electricity Supply Company")
                    .contains("******7890")
                    .doesNotContain("1234567890")
                    .contains("INR 1,234.50")
                    .contains("Rupees One Thousand Two Hundred Thirty-Four and Fifty Paise Only")
                    .contains(paymentId)
                    .contains("IST")
                    .contains("SUCCESS")
                    .contains("CONFIRMED");
            java.util.Set<String> fonts = new java.util.TreeSet<>();
            for (org.apache.pdfbox.cos.COSName name :
                    pdf.getPage(0).getResources().getFontNames()) {
                PDFont font = pdf.getPage(0).getResources().getFont(name);
                fonts.add(font.getName().replaceFirst("^[A-Z]{6}\\+", ""));
            }
            assertThat(fonts).contains("NotoSans-Regular", "NotoSans-Bold", "NotoSansDevanagari-Regular");
        }
    }

    @Test
    void shouldIssueTheReceiptWhateverScriptTheBillersNameIsInMarkingWhatNoFontHas() throws IOException {
        String citizen = newCitizen();
        String service =
                "TEST-" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        // Tamil and a telephone sign, which none of the shipped fonts has, next to Hindi and Latin
        catalog.biller(service, "BILL-" + service, "315.00");
        catalog.published(service, "UTILITY", "சென்னை Metro Water ☎ जल बोर्ड");
        JsonNode payment = newPayment(citizen, service, "315.00");
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        String text = receiptText(citizen, paymentId);

        assertThat(text)
                .contains("Metro Water")
                .contains("\uFFFD")
                .doesNotContain("சென்னை")
                .contains("INR 315.00")
                .contains(paymentId);
        // a Tamil syllable is one substitute, not one per code point
        assertThat(text).contains("\uFFFD\uFFFD\uFFFD Metro Water \uFFFD");
    }

    @Test
    void shouldPrintTheMethodTheGatewayReportsTheCitizenPaidWith() throws IOException, InterruptedException {
        String citizen = newCitizen();
        // chosen UPI here, paid by card on the gateway's checkout page
        JsonNode payment = newPayment(citizen, newBiller("410.00"), "410.00");
        String paymentId = payment.path("paymentId").asString();
        double byCard = registry.counter("janseva.payments", "status", "SUCCESS", "method", "CARD")
                .count();

        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL", "CARD");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        JsonNode view = payment(citizen, paymentId);
        assertThat(view.path("method").asString()).isEqualTo("UPI");
        assertThat(view.path("paidMethod").asString()).isEqualTo("CARD");
        assertThat(receiptText(citizen, paymentId))
                .contains("Method / ")
                .contains("CARD")
                .doesNotContain("UPI");
        // counted as paid: payments by method say how citizens pay
        assertThat(registry.counter("janseva.payments", "status", "SUCCESS", "method", "CARD")
                        .count())
                .isEqualTo(byCard + 1);
    }
}
