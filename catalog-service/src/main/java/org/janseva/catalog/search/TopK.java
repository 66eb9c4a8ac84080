package org.janseva.catalog.search;

import java.util.Arrays;

/** Picks the largest keys without sorting them all: a page of 20 out of a thousand matches. */
final class TopK {

    private TopK() {}

    /**
     * @param keys the keys, the first {@code count} of them used
     * @param count how many keys there are
     * @param k how many of the largest to return, at most {@code count}
     * @return the {@code k} largest keys, largest first
     */
    static long[] largest(long[] keys, int count, int k) {
        if (k <= 0) {
            return new long[0];
        }
        if (count <= 64 || k * 4L >= count) {
            long[] sorted = Arrays.copyOf(keys, count);
            Arrays.sort(sorted);
            long[] result = new long[k];
            for (int i = 0; i < k; i++) {
                result[i] = sorted[count - 1 - i];
            }
            return result;
        }
        // a min-heap of the k largest seen so far
        long[] heap = new long[k];
        int size = 0;
        for (int i = 0; i < count; i++) {
            long key = keys[i];
            if (size < k) {
                heap[size] = key;
                siftUp(heap, size++);
            } else if (key > heap[0]) {
                heap[0] = key;
                siftDown(heap, k);
            }
        }
        Arrays.sort(heap);
        long[] result = new long[k];
        for (int i = 0; i < k; i++) {
            result[i] = heap[k - 1 - i];
        }
        return result;
    }

    private static void siftUp(long[] heap, int index) {
        long key = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = key;
    }

    private static void siftDown(long[] heap, int size) {
        int index = 0;
        long key = heap[0];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= key) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = key;
    }
}
