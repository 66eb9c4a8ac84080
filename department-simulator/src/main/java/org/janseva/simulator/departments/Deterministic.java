package org.janseva.simulator.departments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Values that depend only on their inputs: the simulator answers the same question the same way
 * every time, on every machine, so that tests, demos and benchmarks are repeatable. A
 * {@code Deterministic} is seeded with the SHA-256 of the parts it is made from.
 */
public final class Deterministic {

    private static final List<String> FIRST_NAMES = List.of(
            "Aarav",
            "Priya",
            "Ramesh",
            "Sunita",
            "Arjun",
            "Kavya",
            "Mohammed",
            "Lakshmi",
            "Vikram",
            "Ananya",
            "Suresh",
            "Meena",
            "Rahul",
            "Fatima",
            "Harpreet",
            "Deepa",
            "Rajesh",
            "Asha",
            "Manoj",
            "Pooja",
            "Venkatesh",
            "Nandini",
            "Imran",
            "Gurpreet",
            "Sanjay",
            "Shreya",
            "Kiran",
            "Anil",
            "Savitri",
            "Joseph");
    private static final List<String> LAST_NAMES = List.of(
            "Sharma",
            "Patel",
            "Reddy",
            "Iyer",
            "Singh",
            "Khan",
            "Das",
            "Nair",
            "Kulkarni",
            "Gupta",
            "Chatterjee",
            "Menon",
            "Yadav",
            "Joshi",
            "Banerjee",
            "Pillai",
            "Verma",
            "Rao",
            "Mishra",
            "Gowda",
            "Shaikh",
            "Bhat",
            "Kaur",
            "Mehta",
            "Naidu",
            "Pandey",
            "Thomas",
            "Sinha",
            "Deshmukh",
            "Hegde");

    private final SplittableRandom random;

    private Deterministic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** @return a generator seeded by the parts, in order */
    public static Deterministic of(Object... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        for (Object part : parts) {
            sha.update(canonical(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return new Deterministic(ByteBuffer.wrap(sha.digest()).getLong());
    }

    /** Maps print in key order, so that the same input gives the same seed whatever its order. */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Deterministic::canonical).toList().toString();
        }
        return String.valueOf(value);
    }

    /** @return an int in [0, bound) */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** @return an int in [from, to] */
    public int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    /** @return a string of n decimal digits */
    public String digits(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /** @return one of the values */
    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** @return a plausible Indian name, upper case as department systems print them */
    public String personName() {
        return (pick(FIRST_NAMES) + " " + pick(LAST_NAMES)).toUpperCase(java.util.Locale.ROOT);
    }

    /** @return an amount in rupees with two decimals, between the bounds */
    public BigDecimal rupees(int fromRupees, int toRupees) {
        long paise = (long) fromRupees * 100 + random.nextLong((long) (toRupees - fromRupees) * 100 + 1);
        return BigDecimal.valueOf(paise, 2).setScale(2, RoundingMode.UNNECESSARY);
    }
}
