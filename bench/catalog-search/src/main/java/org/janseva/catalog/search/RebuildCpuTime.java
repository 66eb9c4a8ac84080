package org.janseva.catalog.search;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Map;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.shipped.ShippedCatalogue;

/**
 * The CPU time (not the wall time, which a shared machine stretches) of index builds: ten
 * rebuilds after a change and ten cold builds, after five of each to warm up.
 *
 * <pre>java -cp bench/catalog-search/target/benchmarks.jar org.janseva.catalog.search.RebuildCpuTime</pre>
 */
public final class RebuildCpuTime {

    private RebuildCpuTime() {}

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CatalogueSnapshot snapshot = ShippedCatalogue.load().toSnapshot(1, Instant.EPOCH);
        LatinKeys latin = new LatinKeys();
        SearchIndex index = SearchIndex.build(snapshot, latin, Map.of());
        for (String kind : new String[] {"rebuild after a change", "cold build"}) {
            long[] cpu = new long[10];
            long[] wall = new long[10];
            for (int i = -5; i < 10; i++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                SearchIndex built = kind.startsWith("cold")
                        ? SearchIndex.build(snapshot, new LatinKeys(), Map.of())
                        : SearchIndex.build(snapshot, latin, index.keys());
                if (i >= 0) {
                    cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                    wall[i] = System.nanoTime() - wallStart;
                }
                if (built.size() != index.size()) {
                    throw new IllegalStateException("Different index");
                }
            }
            java.util.Arrays.sort(cpu);
            java.util.Arrays.sort(wall);
            System.out.printf(
                    "%s: CPU median %d ms (min %d, max %d); wall median %d ms (min %d, max %d)%n",
                    kind,
                    cpu[5] / 1_000_000,
                    cpu[0] / 1_000_000,
                    cpu[9] / 1_000_000,
                    wall[5] / 1_000_000,
                    wall[0] / 1_000_000,
                    wall[9] / 1_000_000);
        }
    }
}
