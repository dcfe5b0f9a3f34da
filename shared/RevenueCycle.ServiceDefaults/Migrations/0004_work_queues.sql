-- Work-queue mechanics every service shares (WorkQueues/): who an item is assigned to, until when it is pended, and its notes.
-- An item is (queue, item_id) within a tenant: the item's own id in the queue's list (a claim, an exception, a deposit, an encounter).
-- Rows exist only once someone has worked the item; an item without one is unassigned and not pended.
CREATE TABLE IF NOT EXISTS work_items (
    tenant_id    uuid        NOT NULL,
    queue        text        NOT NULL,
    item_id      uuid        NOT NULL,
    assignee     text,
    assigned_at  timestamptz,
    assigned_by  text,
    pended_until date,
    pend_reason  text,
    updated_at   timestamptz NOT NULL,
    updated_by   text        NOT NULL,
    PRIMARY KEY (tenant_id, queue, item_id)
);
CREATE INDEX IF NOT EXISTS work_items_assignee ON work_items (tenant_id, queue, assignee) WHERE assignee IS NOT NULL;

CREATE TABLE IF NOT EXISTS work_item_comments (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL,
    queue      text        NOT NULL,
    item_id    uuid        NOT NULL,
    author     text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS work_item_comments_item ON work_item_comments (tenant_id, queue, item_id, created_at, id);

-- Append-only: who assigned or pended an item, and when ("who had this in March?").
CREATE TABLE IF NOT EXISTS work_item_events (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL,
    queue      text        NOT NULL,
    item_id    uuid        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('assigned', 'unassigned', 'pended', 'unpended')),
    assignee   text,
    pended_until date,
    reason     text,
    at         timestamptz NOT NULL,
    by         text        NOT NULL
);
CREATE INDEX IF NOT EXISTS work_item_events_item ON work_item_events (tenant_id, queue, item_id, at, id);
