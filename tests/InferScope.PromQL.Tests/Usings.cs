global using InferScope.PromQL;
