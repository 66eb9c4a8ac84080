package org.janseva.payment.receipt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.stereotype.Component;

/**
 * Renders a payment receipt as a PDF (PDFBox 3), in English and Hindi on one page. Fonts: Noto
 * Sans for Latin text and Noto Sans Devanagari for Hindi (SIL Open Font License 1.1, shipped in
 * {@code fonts/}, embedded as subsets); PDFBox applies the Devanagari font's GSUB rules
 * (conjuncts, matra reordering). Each line is split into runs so that every character is drawn
 * with a font that has it, and a character none of them has is drawn as U+FFFD: a receipt never
 * fails for a biller's name or a bill number in a script the fonts lack.
 */
@Component
class ReceiptPdf {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("dd MMM yyyy, hh:mm:ss a 'IST'", Locale.ENGLISH);
    private static final float MARGIN = 48;

    /** What a receipt shows. */
    record Content(
            String paymentId,
            String billerName,
            String serviceCode,
            String consumerNumber,
            String billNumber,
            BigDecimal amount,
            String method,
            String status,
            String billerStatus,
            String gatewayPaymentId,
            Instant paidAt) {}

    private final byte[] latin = font("fonts/NotoSans-Regular.ttf");
    private final byte[] latinBold = font("fonts/NotoSans-Bold.ttf");
    private final byte[] devanagari = font("fonts/NotoSansDevanagari-Regular.ttf");

    byte[] render(Content content) {
        try (PDDocument document = new PDDocument()) {
            PDFont regular = PDType0Font.load(document, new java.io.ByteArrayInputStream(latin));
            PDFont bold = PDType0Font.load(document, new java.io.ByteArrayInputStream(latinBold));
            PDFont hindi = PDType0Font.load(document, new java.io.ByteArrayInputStream(devanagari));
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Jan Seva payment receipt " + content.paymentId());
            info.setCreator("Jan Seva payment-service");
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            float width = page.getMediaBox().getWidth();
            float y = page.getMediaBox().getHeight() - MARGIN;
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                y = line(out, "Jan Seva / जन सेवा", bold, hindi, 20, MARGIN, y);
                y = line(out, "Payment receipt / भुगतान रसीद", bold, hindi, 15, MARGIN, y - 4);
                out.setLineWidth(0.8f);
                out.moveTo(MARGIN, y - 2);
                out.lineTo(width - MARGIN, y - 2);
                out.stroke();
                y -= 22;
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"Biller / बिलर", content.billerName() + " (" + content.serviceCode() + ")"});
                rows.add(new String[] {"Consumer number / उपभोक्ता संख्या", mask(content.consumerNumber())});
                rows.add(new String[] {"Bill number / बिल संख्या", content.billNumber()});
                rows.add(new String[] {"Amount / राशि", "INR " + rupees(content.amount())});
                rows.add(new String[] {"Amount in words", AmountInWords.english(content.amount())});
                rows.add(new String[] {"राशि शब्दों में", AmountInWords.hindi(content.amount())});
                rows.add(new String[] {"Payment reference / भुगतान संदर्भ", content.paymentId()});
                if (content.gatewayPaymentId() != null) {
                    rows.add(new String[] {"Gateway reference / गेटवे संदर्भ", content.gatewayPaymentId()});
                }
                rows.add(new String[] {"Method / भुगतान का तरीका", content.method()});
                rows.add(new String[] {
                    "Date and time / दिनांक और समय",
                    content.paidAt() == null
                            ? "-"
                            : WHEN.format(content.paidAt().atZone(IST))
                });
                rows.add(new String[] {"Status / स्थिति", statusText(content.status())});
                rows.add(new String[] {"Biller confirmation / बिलर पुष्टि", billerText(content.billerStatus())});
                for (String[] row : rows) {
                    float next = line(out, row[0], regular, hindi, 10, MARGIN, y);
                    float valueNext = wrapped(out, row[1], bold, hindi, 11, MARGIN + 210, y, width - MARGIN * 2 - 210);
                    y = Math.min(next, valueNext) - 8;
                }
                y -= 16;
                line(
                        out,
                        "This is a computer-generated receipt. / यह कंप्यूटर द्वारा बनाई गई रसीद है",
                        regular,
                        hindi,
                        9,
                        MARGIN,
                        y);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the consumer number with all but its last four characters masked */
    static String mask(String consumerNumber) {
        if (consumerNumber == null || consumerNumber.isEmpty()) {
            return "";
        }
        int keep = Math.min(4, Math.max(0, consumerNumber.length() - 2));
        return "*".repeat(Math.max(4, consumerNumber.length() - keep))
                + consumerNumber.substring(consumerNumber.length() - keep);
    }

    /** @return 1,23,456.50 (Indian grouping) */
    static String rupees(BigDecimal amount) {
        BigDecimal scaled = amount.setScale(2);
        String whole = scaled.toBigInteger().toString();
        String fraction =
                scaled.toPlainString().substring(scaled.toPlainString().indexOf('.'));
        if (whole.length() <= 3) {
            return whole + fraction;
        }
        String last3 = whole.substring(whole.length() - 3);
        StringBuilder head = new StringBuilder(whole.substring(0, whole.length() - 3));
        for (int i = head.length() - 2; i > 0; i -= 2) {
            head.insert(i, ',');
        }
        return head + "," + last3 + fraction;
    }

    private static String statusText(String status) {
        return switch (status) {
            case "SUCCESS" -> "SUCCESS / सफल";
            case "REFUNDED" -> "REFUNDED / धनवापसी हो गई";
            default -> status;
        };
    }

    private static String billerText(String billerStatus) {
        if (billerStatus == null) {
            return "-";
        }
        return switch (billerStatus) {
            case "CONFIRMED" -> "CONFIRMED / पुष्टि हुई";
            case "PENDING" -> "PENDING / लंबित";
            default -> "FAILED / विफल";
        };
    }

    /** Draws one line; returns the y of the next line. */
    private static float line(
            PDPageContentStream out, String text, PDFont latinFont, PDFont hindiFont, float size, float x, float y)
            throws IOException {
        out.beginText();
        out.newLineAtOffset(x, y - size);
        for (Run run : runs(text, latinFont, hindiFont)) {
            out.setFont(run.font(), size);
            out.showText(run.text());
        }
        out.endText();
        return y - size * 1.45f;
    }

    /** Draws text wrapped at word boundaries within a width; returns the y after it. */
    private static float wrapped(
            PDPageContentStream out,
            String text,
            PDFont latinFont,
            PDFont hindiFont,
            float size,
            float x,
            float y,
            float maxWidth)
            throws IOException {
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (!current.isEmpty() && width(candidate, latinFont, hindiFont, size) > maxWidth) {
                y = line(out, current.toString(), latinFont, hindiFont, size, x, y);
                current = new StringBuilder(word);
            } else {
                current = new StringBuilder(candidate);
            }
        }
        if (!current.isEmpty()) {
            y = line(out, current.toString(), latinFont, hindiFont, size, x, y);
        }
        return y;
    }

    private static float width(String text, PDFont latinFont, PDFont hindiFont, float size) throws IOException {
        float total = 0;
        for (Run run : runs(text, latinFont, hindiFont)) {
            total += run.font().getStringWidth(run.text()) / 1000 * size;
        }
        return total;
    }

    /** Text drawn with one font, every character of it one the font has. */
    private record Run(String text, PDFont font) {}

    /**
     * Splits text into runs, each drawn with a font that has every character of it: Devanagari with
     * the Devanagari font, everything else with the Latin one, either falling back on the other
     * when it lacks a character. A character neither has (Tamil, Bengali, ☎, ... in a biller's
     * name or a bill number: only these fonts are shipped) is drawn as U+FFFD, once for a letter
     * and the marks that follow it (a Tamil syllable is one �), so that a receipt is always drawn
     * and shows where something could not be. White space and other control characters are a
     * space.
     */
    private static List<Run> runs(String text, PDFont latinFont, PDFont hindiFont) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        PDFont currentFont = null;
        boolean substituted = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.isSpaceChar(cp)) {
                cp = ' ';
            }
            PDFont font;
            if (cp == ' ') {
                // a space joins the run it is in
                font = currentFont == null ? latinFont : currentFont;
                substituted = false;
            } else {
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                PDFont preferred = script == Character.UnicodeScript.DEVANAGARI ? hindiFont : latinFont;
                if (script == Character.UnicodeScript.INHERITED && currentFont != null && !substituted) {
                    // a mark or a joiner (ZWJ in a conjunct) stays with the letter before it
                    preferred = currentFont;
                }
                PDFont other = preferred == hindiFont ? latinFont : hindiFont;
                font = has(preferred, cp) ? preferred : has(other, cp) ? other : null;
                if (font == null) {
                    if (substituted && mark(cp)) {
                        continue;
                    }
                    substituted = true;
                    font = latinFont;
                    cp = has(latinFont, MISSING) ? MISSING : '?';
                } else {
                    substituted = false;
                }
            }
            if (currentFont != null && font != currentFont) {
                runs.add(new Run(current.toString(), currentFont));
                current = new StringBuilder();
            }
            currentFont = font;
            current.appendCodePoint(cp);
        }
        if (!current.isEmpty()) {
            runs.add(new Run(current.toString(), currentFont));
        }
        return runs;
    }

    /** U+FFFD REPLACEMENT CHARACTER, which Noto Sans has */
    private static final int MISSING = 0xFFFD;

    private static boolean has(PDFont font, int codePoint) {
        return font instanceof PDType0Font type0 && type0.getCmapLookup().getGlyphId(codePoint) != 0;
    }

    /** @return whether the character is a mark that belongs to the letter before it */
    private static boolean mark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || codePoint == 0x200C
                || codePoint == 0x200D;
    }

    private static byte[] font(String path) {
        try (InputStream in = ReceiptPdf.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("font missing from the classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
