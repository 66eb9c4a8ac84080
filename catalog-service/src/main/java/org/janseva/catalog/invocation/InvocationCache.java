package org.janseva.catalog.invocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.janseva.catalog.catalogue.CatalogueListener;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Short-lived answers of operations that have a cache TTL, so that a citizen who opens the same
 * passbook twice in a minute costs the department one call. Keys are the citizen, the service, the
 * operation and a SHA-256 of the canonical input (the input itself is not kept): answers are never
 * shared between citizens. Each entry expires after its operation's TTL.
 *
 * <p>Keys also hold the version of the catalogue the call was served from, and every new version
 * empties the cache: an answer never outlives a change of the catalogue (a service suspended and
 * published again, an operation or its department's address changed). A call that was still on
 * its way to the department when the catalogue changed stores its answer under the old version,
 * where no later call looks.
 */
@Component
class InvocationCache implements CatalogueListener {

    private record Key(
            long catalogueVersion, String citizenId, String serviceCode, String operationCode, String inputHash) {}

    private record Entry(Object data, Duration ttl) {}

    private final Cache<Key, Entry> cache;
    private final JsonMapper canonical = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    InvocationCache(InvocationProperties properties) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.cacheMaxEntries())
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                        return entry.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
                        return entry.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    Object key(long catalogueVersion, String citizenId, String serviceCode, String operationCode, JsonNode input) {
        return new Key(catalogueVersion, citizenId, serviceCode, operationCode, hash(input));
    }

    @Override
    public void catalogueChanged(CatalogueSnapshot snapshot) {
        cache.invalidateAll();
    }

    Object get(Object key) {
        Entry entry = cache.getIfPresent((Key) key);
        return entry == null ? null : entry.data();
    }

    void put(Object key, Object data, Duration ttl) {
        cache.put((Key) key, new Entry(data, ttl));
    }

    private String hash(JsonNode input) {
        try {
            byte[] canonicalInput = canonical
                    .writeValueAsString(canonical.treeToValue(input, Object.class))
                    .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalInput));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
