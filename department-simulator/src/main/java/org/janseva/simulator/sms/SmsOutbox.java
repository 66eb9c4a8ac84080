package org.janseva.simulator.sms;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages the simulated SMS gateway "delivered", per number (the last ten digits, so
 * {@code +919876543210} and {@code 9876543210} are the same phone). Bounded: the newest
 * {@value #PER_NUMBER} per number, {@value #NUMBERS} numbers; a long benchmark cannot fill the heap.
 */
final class SmsOutbox {

    static final int PER_NUMBER = 20;
    static final int NUMBERS = 100_000;

    /**
     * One delivered message.
     *
     * @param messageId the gateway's id
     * @param to the number as it was sent to
     * @param sender the sender id
     * @param text the text
     * @param sentAt when it was accepted
     */
    record Message(String messageId, String to, String sender, String text, OffsetDateTime sentAt) {}

    private final Clock clock;
    private final Map<String, Deque<Message>> byNumber = new ConcurrentHashMap<>();

    SmsOutbox(Clock clock) {
        this.clock = clock;
    }

    Message add(String to, String sender, String text) {
        Message message = new Message(
                UUID.randomUUID().toString(), to, sender == null ? "JANSVA" : sender, text, OffsetDateTime.now(clock));
        if (byNumber.size() >= NUMBERS) {
            Iterator<String> oldest = byNumber.keySet().iterator();
            if (oldest.hasNext()) {
                byNumber.remove(oldest.next());
            }
        }
        Deque<Message> messages = byNumber.computeIfAbsent(key(to), k -> new ArrayDeque<>());
        synchronized (messages) {
            messages.addFirst(message);
            while (messages.size() > PER_NUMBER) {
                messages.removeLast();
            }
        }
        return message;
    }

    List<Message> to(String mobile) {
        Deque<Message> messages = byNumber.get(key(mobile));
        if (messages == null) {
            return List.of();
        }
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    private static String key(String number) {
        String digits = number.replaceAll("\\D", "");
        return digits.length() > 10 ? digits.substring(digits.length() - 10) : digits;
    }
}
