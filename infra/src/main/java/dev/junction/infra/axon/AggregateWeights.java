package dev.junction.infra.axon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.JsonWeights;
import org.axonframework.eventsourcing.AggregateCacheEntry;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cached aggregate weighs: {@link JsonWeights#BASE} plus the JSON of the pipe ends and documents
 * its fields hold. The aggregates keep their state private (rules live there), so their fields are
 * read by reflection, found once per class; Axon's cache entry holds the aggregate in a private field too.
 */
final class AggregateWeights {

    private static final ClassValue<List<Field>> HEAVY_FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> heavy = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    boolean json = End.class.isAssignableFrom(field.getType())
                            || JsonNode.class.isAssignableFrom(field.getType());
                    if (json && !Modifier.isStatic(field.getModifiers()) && field.trySetAccessible()) {
                        heavy.add(field);
                    }
                }
            }
            return List.copyOf(heavy);
        }
    };
    private static final Field ROOT = rootField();

    private AggregateWeights() {
    }

    static long of(Object cached) {
        Object aggregate = cached;
        if (cached instanceof AggregateCacheEntry<?> entry && ROOT != null) {
            aggregate = read(ROOT, entry);
        }
        if (aggregate == null) {
            return JsonWeights.BASE;
        }
        long weight = JsonWeights.BASE;
        for (Field field : HEAVY_FIELDS.get(aggregate.getClass())) {
            Object value = read(field, aggregate);
            if (value instanceof End end) {
                weight += JsonWeights.of(end);
            } else if (value instanceof JsonNode node) {
                weight += JsonWeights.of(node);
            }
        }
        return weight;
    }

    private static Field rootField() {
        try {
            Field root = AggregateCacheEntry.class.getDeclaredField("aggregateRoot");
            return root.trySetAccessible() ? root : null;
        } catch (NoSuchFieldException e) {
            return null; // another Axon version: every aggregate weighs its share of the bound
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
