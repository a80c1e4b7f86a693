namespace Hindsight.Tests.Support;

/// <summary>Undoes migration 19 (the agent column of every table holding a source's rows), for fakes of older warehouses.</summary>
public static class AgentColumnUndo
{
    public const string Sql = """
        ALTER TABLE files DROP COLUMN agent;
        ALTER TABLE records DROP COLUMN agent;
        ALTER TABLE content_blocks DROP COLUMN agent;
        ALTER TABLE dead_letters DROP COLUMN agent;
        ALTER TABLE messages DROP COLUMN agent;
        ALTER TABLE api_calls DROP COLUMN agent;
        ALTER TABLE entities DROP COLUMN agent;
        DELETE FROM schema_migrations WHERE version = 19;
        """;
}
