package dev.junction.infra.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SerializedOrderKeyTypeTest {

    private static final String ALPHABET = "aAzZ09-_/.~é\u0000\u007f\u0080\u07ff\u0800\uffff\ud83d\ude00€ß";

    @Test
    void ordersOneStringKeysExactlyAsH2sComparisonOfTheirSerialisedBytes() {
        Random random = new Random(42);
        List<String> ids = new ArrayList<>(List.of("", "a", "ab", "b", "db/pipes", "db/pipes-1", "db/pipes/1"));
        for (int i = 0; i < 400; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(12);
            for (int k = 0; k < length; k++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            ids.add(id.toString());
        }
        ids.add("x".repeat(70_000)); // a long string: compared by H2 itself
        SerializedOrderKeyType fast = new SerializedOrderKeyType();
        ObjectDataType h2 = new ObjectDataType();
        for (String a : ids) {
            for (int j = 0; j < 40; j++) {
                String b = ids.get(random.nextInt(ids.size()));
                KeyValue x = new KeyValue(a);
                KeyValue y = new KeyValue(b);
                assertThat(Integer.signum(fast.compare(x, y))).as("%s vs %s", abbreviate(a), abbreviate(b))
                        .isEqualTo(Integer.signum(h2.compare(x, y)));
            }
        }
    }

    @Test
    void otherKeysAreComparedByH2() {
        SerializedOrderKeyType fast = new SerializedOrderKeyType();
        ObjectDataType h2 = new ObjectDataType();
        KeyValue pair = new KeyValue("a", 1);
        KeyValue number = new KeyValue(7);
        assertThat(Integer.signum(fast.compare(pair, number))).isEqualTo(Integer.signum(h2.compare(pair, number)));
        assertThat(fast.compare(pair, new KeyValue("a", 1))).isZero();
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…(" + s.length() + ")" : s;
    }
}
