package dev.junction.infra.axon;

import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;

import java.util.Map;

/**
 * Reads what was stored under a class name that has since changed into the class of the new name.
 * Stored rows keep their old type name (the encrypting serializer outside binds that name to the
 * ciphertext), so the rename is applied here, after decryption, rather than by an upcaster.
 */
public class RenamingSerializer implements Serializer {

    private final Serializer delegate;
    private final Map<String, String> renamed;

    /** @param renamed the stored type name of each renamed class, mapped to its name now */
    public RenamingSerializer(Serializer delegate, Map<String, String> renamed) {
        this.delegate = delegate;
        this.renamed = Map.copyOf(renamed);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return delegate.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        SerializedType type = serializedObject.getType();
        SerializedType now = current(type);
        return delegate.deserialize(now == type ? serializedObject
                : new SimpleSerializedObject<>(serializedObject.getData(), serializedObject.getContentType(), now));
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(current(type));
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    private SerializedType current(SerializedType type) {
        String name = renamed.get(type.getName());
        return name == null ? type : new SimpleSerializedType(name, type.getRevision());
    }
}
