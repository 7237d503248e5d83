package dev.junction.infra.crypto;

import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encrypts what Axon stores (event payloads and metadata, snapshots, sagas, dead letters, tokens)
 * with AES-GCM under the broker's master key, so pipe data, which often holds credentials, never
 * lies in PostgreSQL in plain text. The payload type stays readable for routing and audit; the type
 * name is bound to the ciphertext, so a payload cannot be passed off as another type. Data written
 * before encryption (no marker) is still read.
 */
public class EncryptingSerializer implements Serializer {

    private static final byte[] MARKER = {0, 'J', 'E', '1'};

    private final Serializer delegate;
    private final MasterKey key;
    private final boolean sealOnWrite;

    public EncryptingSerializer(Serializer delegate, MasterKey key) {
        this(delegate, key, true);
    }

    private EncryptingSerializer(Serializer delegate, MasterKey key, boolean sealOnWrite) {
        this.delegate = delegate;
        this.key = key;
        this.sealOnWrite = sealOnWrite;
    }

    /**
     * Writes plain, reads plain or sealed: for what holds nothing secret but was sealed by earlier
     * versions (processor tokens: positions in the event stream).
     */
    public static EncryptingSerializer writingPlain(Serializer delegate, MasterKey key) {
        return new EncryptingSerializer(delegate, key, false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!sealOnWrite) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<byte[]> plain = delegate.serialize(object, byte[].class);
        byte[] sealed = key.encrypt(plain.getData(), aad(plain.getType()));
        byte[] data = new byte[MARKER.length + sealed.length];
        System.arraycopy(MARKER, 0, data, 0, MARKER.length);
        System.arraycopy(sealed, 0, data, MARKER.length, sealed.length);
        SerializedObject<byte[]> result = new SimpleSerializedObject<>(data, byte[].class, plain.getType());
        if (expectedRepresentation == byte[].class) {
            return (SerializedObject<T>) result;
        }
        return new SimpleSerializedObject<>(getConverter().convert(data, byte[].class, expectedRepresentation),
                expectedRepresentation, plain.getType());
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return getConverter().canConvert(byte[].class, expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        byte[] data = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(),
                byte[].class);
        if (data != null && data.length > MARKER.length
                && Arrays.equals(data, 0, MARKER.length, MARKER, 0, MARKER.length)) {
            data = key.decrypt(Arrays.copyOfRange(data, MARKER.length, data.length), aad(serializedObject.getType()));
        }
        return delegate.deserialize(new SimpleSerializedObject<>(data, byte[].class, serializedObject.getType()));
    }

    private static byte[] aad(SerializedType type) {
        return (type.getName() + "/" + type.getRevision()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
