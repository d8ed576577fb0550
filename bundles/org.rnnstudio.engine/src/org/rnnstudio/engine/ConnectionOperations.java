package org.rnnstudio.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

import org.rnnstudio.model.Connection;

/**
 * The operation of each kind of connection: the pass, the fused products and the ONNX exporter all ask here.
 * A new kind of connection is one class implementing {@link ConnectionOperation} and one line below.
 */
public final class ConnectionOperations {

    private static final Map<Connection.Kind, Function<Connection, ConnectionOperation>> KINDS = new EnumMap<>(Connection.Kind.class);

    static {
        KINDS.put(Connection.Kind.FULL, c -> new FullConnection());
        KINDS.put(Connection.Kind.ONE_TO_ONE, c -> new OneToOneConnection());
        KINDS.put(Connection.Kind.IDENTITY, IdentityConnection::new);
    }

    private ConnectionOperations() {
    }

    /** The operation of one connection (an identity connection's carries its scale). */
    public static ConnectionOperation of(Connection connection) {
        Function<Connection, ConnectionOperation> kind = KINDS.get(connection.kind());
        if (kind == null) {
            throw new IllegalStateException("no operation for connections of kind " + connection.kind());
        }
        return kind.apply(connection);
    }
}
