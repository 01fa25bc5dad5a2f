namespace InferScope.Engines.Catalog;

/// <summary>
/// Which identity labels a unified series carries besides its own. Engine series describe one
/// model server, GPU series one device, host series one machine, and endpoint series a whole
/// endpoint across its instances.
/// </summary>
public enum LabelScope
{
    Engine,
    Gpu,
    Host,
    Endpoint,
}
