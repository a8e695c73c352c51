package qsl.perf.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A profile in collapsed-stack form ({@code root;...;leaf count} per line, as async-profiler
 * and Brendan Gregg's flamegraph scripts write it), parsed and summarised: the hottest leaf
 * frames, the frames on most stacks, and for an allocation profile the allocation sites.
 * Parsing is total: a line that is not {@code stack count} is counted in
 * {@link #malformedLines()} and left out, never guessed at.
 */
public final class CollapsedStacks {
    /** One distinct stack and its weight (samples, bytes or ns). */
    public record Stack(List<String> frames, long count) {
        public String leaf() {
            return frames.getLast();
        }
    }

    /** A frame and the weight attributed to it. */
    public record FrameWeight(String frame, long weight) {}

    /**
     * Where an allocation profile says memory was allocated.
     *
     * @param allocatedClass the allocated type (async-profiler's class frame, annotation removed)
     * @param site the frame that allocated it (the one under the class frame)
     * @param weight bytes (from a {@code total} dump) or samples
     * @param heaviestStack the heaviest full stack through this site, root first
     */
    public record AllocationSite(String allocatedClass, String site, long weight, long samples, String heaviestStack) {}

    private final List<Stack> stacks;
    private final int malformed;

    private CollapsedStacks(List<Stack> stacks, int malformed) {
        this.stacks = List.copyOf(stacks);
        this.malformed = malformed;
    }

    /** Parses collapsed text; identical stacks on several lines are summed. */
    public static CollapsedStacks parse(String text) {
        Map<String, Long> byStack = new LinkedHashMap<>();
        int bad = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) continue;
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                bad++;
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1));
            } catch (NumberFormatException e) {
                bad++;
                continue;
            }
            if (count < 0) {
                bad++;
                continue;
            }
            byStack.merge(line.substring(0, space), count, Long::sum);
        }
        List<Stack> stacks = new ArrayList<>(byStack.size());
        byStack.forEach((s, c) -> stacks.add(new Stack(List.of(s.split(";", -1)), c)));
        return new CollapsedStacks(stacks, bad);
    }

    public List<Stack> stacks() {
        return stacks;
    }

    public int malformedLines() {
        return malformed;
    }

    /** Sum of all stacks' weights. */
    public long total() {
        long t = 0;
        for (Stack s : stacks) t += s.count();
        return t;
    }

    /** Leaf frames by the weight of the stacks they end (self time), heaviest first, ties by name. */
    public List<FrameWeight> topSelf(int n) {
        Map<String, Long> self = new TreeMap<>();
        for (Stack s : stacks) self.merge(s.leaf(), s.count(), Long::sum);
        return top(self, n);
    }

    /** Frames by the weight of the stacks they appear on (each stack counted once per frame), heaviest first. */
    public List<FrameWeight> topInclusive(int n) {
        Map<String, Long> incl = new TreeMap<>();
        for (Stack s : stacks) {
            Set<String> seen = new HashSet<>(s.frames());
            for (String f : seen) incl.merge(f, s.count(), Long::sum);
        }
        return top(incl, n);
    }

    /** Weight of the stacks that have at least one frame matching {@code frame}. */
    public long inclusive(Predicate<String> frame) {
        long t = 0;
        for (Stack s : stacks) {
            for (String f : s.frames()) {
                if (frame.test(f)) {
                    t += s.count();
                    break;
                }
            }
        }
        return t;
    }

    /**
     * Allocation sites of an alloc profile, heaviest first: the leaf of each stack is the
     * allocated class, the frame under it the allocating method.
     *
     * @param samples the same profile dumped as sample counts (may be {@code null})
     */
    public List<AllocationSite> allocationSites(CollapsedStacks samples) {
        record Key(String cls, String site) {}
        Map<Key, long[]> acc = new LinkedHashMap<>(); // weight, samples, heaviest stack weight
        Map<Key, String> heaviest = new LinkedHashMap<>();
        Map<String, Long> sampleCounts = new LinkedHashMap<>();
        if (samples != null) {
            for (Stack s : samples.stacks) sampleCounts.merge(String.join(";", s.frames()), s.count(), Long::sum);
        }
        for (Stack s : stacks) {
            List<String> f = s.frames();
            Key k = new Key(stripAnnotation(f.getLast()), f.size() >= 2 ? stripAnnotation(f.get(f.size() - 2)) : "(no Java frame)");
            long[] a = acc.computeIfAbsent(k, x -> new long[3]);
            String joined = String.join(";", f);
            a[0] += s.count();
            a[1] += sampleCounts.getOrDefault(joined, 0L);
            if (s.count() > a[2]) {
                a[2] = s.count();
                heaviest.put(k, joined);
            }
        }
        List<AllocationSite> out = new ArrayList<>();
        acc.forEach((k, a) -> out.add(new AllocationSite(k.cls(), k.site(), a[0], a[1], heaviest.get(k))));
        out.sort(Comparator.comparingLong(AllocationSite::weight).reversed()
                .thenComparing(AllocationSite::allocatedClass).thenComparing(AllocationSite::site));
        return out;
    }

    /**
     * Drops async-profiler's frame-type annotation ({@code _[j]} JIT, {@code _[i]} inlined,
     * {@code _[k]} kernel, {@code _[0]}/{@code _[1]} interpreted/C1; on allocated classes
     * {@code _[i]}/{@code _[k]} inside/outside a TLAB).
     */
    public static String stripAnnotation(String frame) {
        if (frame.length() > 4 && frame.endsWith("]") && frame.charAt(frame.length() - 4) == '_' && frame.charAt(frame.length() - 3) == '[') {
            return frame.substring(0, frame.length() - 4);
        }
        return frame;
    }

    private static List<FrameWeight> top(Map<String, Long> weights, int n) {
        List<FrameWeight> all = new ArrayList<>();
        weights.forEach((f, w) -> all.add(new FrameWeight(f, w)));
        all.sort(Comparator.comparingLong(FrameWeight::weight).reversed().thenComparing(FrameWeight::frame));
        return all.size() > n ? List.copyOf(all.subList(0, n)) : all;
    }
}
