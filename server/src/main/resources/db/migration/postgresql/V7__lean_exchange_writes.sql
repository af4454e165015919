-- Every Trusted Publishing exchange writes a publisher's api_tokens row (user_id NULL); an index
-- that leaves out the rows it is never asked for costs that write nothing. Tokens are listed per
-- user (WHERE user_id = $1, which implies user_id IS NOT NULL, so the planner uses the partial index).
DROP INDEX api_tokens_user;
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at) WHERE user_id IS NOT NULL;
