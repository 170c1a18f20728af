package org.petuum4j.net;

/**
 * The message types of the wire protocol. A frame is {@code length:i32 type:u8 payload}, where
 * {@code length} counts the type byte and the payload. Ids are stable: never renumber, only add.
 */
enum MessageType {
  // Authentication, before anything else on every connection.
  CHALLENGE(1),
  AUTH_RESPONSE(2),
  AUTH_OK(3),
  // Membership and job control, between the coordinator and the other processes.
  JOIN(10),
  SUBMIT(11),
  SETUP(12),
  READY(13),
  START(14),
  STARTED(15),
  BARRIER(16),
  BARRIER_RELEASE(17),
  EVENT(18),
  DONE(19),
  FAILED(20),
  JOB_DONE(21),
  ABORT(22),
  SHUTDOWN(23),
  HEARTBEAT(24),
  CHECKPOINT(25),
  SAVE_SHARDS(26),
  SHARDS_SAVED(27),
  CHECKPOINT_DONE(28),
  NOTE(29),
  // The all-gather of a Rendezvous, between its parties and the service.
  GATHER(30),
  GATHERED(31),
  // Data, between client processes and server processes.
  REGISTER(40),
  REGISTERED(41),
  ROW_REQUEST(42),
  UPDATE(43),
  ROW_REPLY(44),
  ACK(45),
  SNAPSHOT_REQUEST(46),
  SNAPSHOT_REPLY(47);

  private static final MessageType[] BY_ID = new MessageType[128];

  static {
    for (MessageType t : values()) {
      BY_ID[t.id] = t;
    }
  }

  final byte id;

  MessageType(int id) {
    this.id = (byte) id;
  }

  /** The type with wire id {@code id}; throws {@link ProtocolException} for an unknown id. */
  static MessageType of(byte id) {
    MessageType t = id >= 0 ? BY_ID[id] : null;
    if (t == null) {
      throw new ProtocolException("unknown message type " + id);
    }
    return t;
  }
}
