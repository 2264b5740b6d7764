namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>
/// Base of the WebJobs adapters: the WebJobs host creates an adapter per invocation from that invocation's services,
/// and the adapter hands the bound trigger data to a fresh instance of the app's function class.
/// </summary>
/// <typeparam name="TFunction">The app's function class the adapter runs; its <c>Run</c> method is the entry point.</typeparam>
public abstract class TriggerAdapter<TFunction>(IServiceProvider services)
    where TFunction : class
{
    protected IServiceProvider Services => services;

    protected TFunction Function => FunctionClassActivator.Create<TFunction>(services);
}
