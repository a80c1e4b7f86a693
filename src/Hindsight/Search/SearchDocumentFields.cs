using Lucene.Net.Documents;

namespace Hindsight.Search;

/// <summary>
/// One Lucene document and its fields, refilled for each message the index writer adds (Lucene allows reusing them:
/// the writer has consumed a document when <c>AddDocument</c> returns). A new field per message costs a token stream
/// with its attributes per field; reused, a first indexing of the seed benchmark corpus (39,039 documents) took about
/// 0.5 CPU-s less. Not thread-safe: one per writer loop.
/// </summary>
internal sealed class SearchDocumentFields
{
    private readonly StringField _file = new(SearchFields.File, "", Field.Store.YES);
    private readonly StoredField _line = new(SearchFields.Line, 0L);
    private readonly StringField _kind = new(SearchFields.Kind, "", Field.Store.YES);
    private readonly StringField _project = new(SearchFields.Project, "", Field.Store.YES);
    private readonly StringField _agent = new(SearchFields.Agent, "", Field.Store.YES);
    private readonly TextField _text = new(SearchFields.Text, "", Field.Store.YES);
    private readonly StoredField _block = new(SearchFields.Block, 0);
    private readonly StringField _session = new(SearchFields.Session, "", Field.Store.YES);
    private readonly Int64Field _time = new(SearchFields.Time, 0L, SearchFields.TimeType);
    private readonly TextField _corrected = new(SearchFields.Corrected, "", Field.Store.YES);
    private readonly Document _document = [];

    /// <summary>The document holding <paramref name="message"/>, valid until the next call; a field the message lacks is absent, not left over from the previous one.</summary>
    public Document Of(SearchDocument message)
    {
        var fields = _document.Fields;
        fields.Clear();
        fields.Add(Set(_file, message.FileId));
        _line.SetInt64Value(message.LineNo);
        fields.Add(_line);
        fields.Add(Set(_kind, message.Kind));
        fields.Add(Set(_project, message.Project));
        fields.Add(Set(_agent, message.Agent));
        fields.Add(Set(_text, SearchIndexUpkeep.Bounded(message.Text)));
        if (message.BlockIndex is { } block)
        {
            _block.SetInt32Value(block);
            fields.Add(_block);
        }
        if (message.SessionId is { } session) fields.Add(Set(_session, session));
        if (message.Time is { } time)
        {
            _time.SetInt64Value(time.ToUnixTimeMilliseconds());
            fields.Add(_time);
        }
        if (message.CorrectedText is { } corrected) fields.Add(Set(_corrected, SearchIndexUpkeep.Bounded(corrected)));
        return _document;
    }

    private static Field Set(Field field, string value)
    {
        field.SetStringValue(value);
        return field;
    }
}
