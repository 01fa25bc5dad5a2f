namespace InferScope.PromQL.Syntax;

/// <summary>The cardinality of vector matching.</summary>
public enum MatchCardinality
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}
