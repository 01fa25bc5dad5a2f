namespace InferScope.Model.Storage;

/// <summary>A store that accepts samples.</summary>
public interface IAppendable
{
    IAppender CreateAppender();
}
