-- Whose authority each membership change runs with (Onboard's own, the
-- asker's own grant, or a Workspace admin's admin access), and what kind of
-- member a target is (a person, a Google Group, Onboard itself). The same
-- in both dialects.

ALTER TABLE onboard_items ADD COLUMN target_kind text NOT NULL DEFAULT '';    -- '' person, 'group', 'app'
ALTER TABLE onboard_items ADD COLUMN authority text NOT NULL DEFAULT '';      -- '' Onboard's own, 'user', 'admin'
ALTER TABLE onboard_items ADD COLUMN authority_user text NOT NULL DEFAULT ''; -- users/{id} whose grant (personal data: erasable)
ALTER TABLE onboard_audit ADD COLUMN authority text NOT NULL DEFAULT '';
