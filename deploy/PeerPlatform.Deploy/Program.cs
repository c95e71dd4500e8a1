using System.Text.Json;
using PeerPlatform.Deploy;

// dotnet run --project deploy/PeerPlatform.Deploy -- render deploy/kubernetes/local
//   prints what `kubectl kustomize` would (as JSON documents, which YAML reads), for the subset
//   of Kustomize the manifests use.
// ... -- podman deploy/kubernetes/local OUT [NAME=REPLICAS ...]
//   writes one pod per file into OUT for `podman kube play`, and OUT/plan.tsv: the volumes to
//   create, then "stage<TAB>pod<TAB>container<TAB>file" in the order to play them (./peer cluster),
//   each followed by "scratch<TAB>volume" for the pod's own volumes, removed with it.
switch (args)
{
    case ["render", var directory]:
        foreach (var item in Kustomize.Render(directory))
        {
            Console.Out.Write("---\n" + item.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        return 0;
    case ["podman", var directory, var output, .. var counts]:
        var replicas = counts.Select(count => count.Split('=')).ToDictionary(pair => pair[0], pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture));
        var objects = Kustomize.Render(directory);
        var pods = PodmanPlay.Convert(objects, replicas);
        Directory.CreateDirectory(output);
        var plan = new List<string>();
        plan.AddRange(objects.Where(o => o["kind"]!.GetValue<string>() == "PersistentVolumeClaim")
            .Select(o => $"volume\t{o["metadata"]!["name"]}"));
        foreach (var pod in pods)
        {
            var file = Path.Combine(output, pod.Name + ".json");
            File.WriteAllText(file, PodmanPlay.Document(pod));
            plan.Add($"{pod.Stage}\t{pod.Name}\t{pod.Container}\t{file}");
            plan.AddRange(pod.ScratchVolumes.Select(volume => $"scratch\t{volume}"));
        }

        File.WriteAllLines(Path.Combine(output, "plan.tsv"), plan);
        return 0;
    default:
        Console.Error.WriteLine("usage: render KUSTOMIZATION_DIR | podman KUSTOMIZATION_DIR OUTPUT_DIR [NAME=REPLICAS ...]");
        return 2;
}
