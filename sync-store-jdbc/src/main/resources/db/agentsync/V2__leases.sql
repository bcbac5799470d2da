-- Issue 11: room settings, claim leases, fences, delivery counts, completion, dead messages.
-- A room's settings as JSON text; NULL (rooms created before this version) means every default.
ALTER TABLE sync_rooms ADD COLUMN settings TEXT;
ALTER TABLE sync_messages ADD COLUMN lease_expires_at BIGINT;
ALTER TABLE sync_messages ADD COLUMN lease_ms BIGINT;
ALTER TABLE sync_messages ADD COLUMN fence BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_messages ADD COLUMN delivery_count INT DEFAULT 0 NOT NULL;
ALTER TABLE sync_messages ADD COLUMN completed_at BIGINT;
ALTER TABLE sync_messages ADD COLUMN dead BOOLEAN DEFAULT FALSE NOT NULL;
-- The message's MessageState, written by the store from Message.state(): what counts and filters group by.
ALTER TABLE sync_messages ADD COLUMN state VARCHAR(16) DEFAULT 'UNCLAIMED' NOT NULL;
UPDATE sync_messages SET state = 'CLAIMED', fence = 1, delivery_count = 1 WHERE claimed_by IS NOT NULL;
CREATE INDEX sync_messages_state ON sync_messages (room_id, state);
