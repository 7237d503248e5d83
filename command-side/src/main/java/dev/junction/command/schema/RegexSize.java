package dev.junction.command.schema;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper estimate of an RE2 pattern's size with its repetitions counted out: RE2/J expands
 * {@code x{n}} into n copies when it compiles, so {@code ((a{1000}){1000}){1000}} exhausts the heap
 * before any limit of its own applies, and matching time grows with the expanded size.
 */
final class RegexSize {

    private RegexSize() {
    }

    /** The estimate, or a number above {@code cap} as soon as it is known to exceed it. */
    static long estimate(String re2, long cap) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {size so far}
        long[] current = {0};
        long lastAtom = 0;
        int i = 0;
        while (i < re2.length()) {
            char c = re2.charAt(i);
            if (c == '(') {
                groups.push(current);
                current = new long[]{0};
                lastAtom = 0;
                i++;
            } else if (c == ')' && !groups.isEmpty()) {
                lastAtom = current[0] + 1;
                current = groups.pop();
                current[0] = add(current[0], lastAtom, cap);
                i++;
            } else if (c == '*' || c == '+' || c == '?') {
                current[0] = add(current[0], lastAtom, cap); // a loop costs about one more copy
                lastAtom = 0;
                i++;
            } else if (c == '{' && repeatEnd(re2, i) > 0) {
                int end = repeatEnd(re2, i);
                long times = maxCount(re2.substring(i + 1, end));
                current[0] = add(current[0], multiply(lastAtom, times - 1, cap), cap);
                lastAtom = 0;
                i = end + 1;
            } else {
                int next = atomEnd(re2, i);
                lastAtom = 1;
                current[0] = add(current[0], 1, cap);
                i = next;
            }
            if (current[0] > cap) {
                return current[0];
            }
        }
        return current[0];
    }

    /** The index after the atom starting at {@code i}: a character, an escape or a character class. */
    private static int atomEnd(String re2, int i) {
        char c = re2.charAt(i);
        if (c == '\\' && i + 1 < re2.length()) {
            char kind = re2.charAt(i + 1);
            if ((kind == 'x' || kind == 'p' || kind == 'P') && re2.startsWith("{", i + 2) && re2.indexOf('}', i) > 0) {
                return re2.indexOf('}', i) + 1;
            }
            return i + 2;
        }
        if (c == '[') {
            int j = i + 1;
            if (re2.startsWith("^", j)) {
                j++;
            }
            if (re2.startsWith("]", j)) {
                j++; // RE2 reads a ] right after [ as a member
            }
            while (j < re2.length() && re2.charAt(j) != ']') {
                j += re2.charAt(j) == '\\' ? 2 : re2.startsWith("[:", j) ? Math.max(2, re2.indexOf(":]", j) + 2 - j) : 1;
            }
            return Math.min(j + 1, re2.length());
        }
        return i + 1;
    }

    /** The index of the } closing a repetition {n}, {n,} or {n,m} at {@code i}, or -1 when it is a literal. */
    private static int repeatEnd(String re2, int i) {
        int end = re2.indexOf('}', i);
        return end > i + 1 && re2.substring(i + 1, end).matches("\\d{1,9}(,\\d{0,9})?") ? end : -1;
    }

    private static long maxCount(String counts) {
        String[] parts = counts.split(",", -1);
        long min = Long.parseLong(parts[0]);
        if (parts.length == 1) {
            return Math.max(min, 1);
        }
        return parts[1].isEmpty() ? min + 1 : Math.max(Math.max(min, Long.parseLong(parts[1])), 1);
    }

    private static long add(long a, long b, long cap) {
        return Math.min(a + b, cap + 1);
    }

    private static long multiply(long a, long b, long cap) {
        return b <= 0 || a <= 0 ? 0 : a > (cap + 1) / b ? cap + 1 : Math.min(a * b, cap + 1);
    }
}
