import vocabulary from './names.json';

// The names live in names.json so that the sandbox's plain Node scripts read the
// same ones; this module gives them their types and their meaning.

/** The Pulumi project of every environment stack, and the catalog namespace of their entities. */
export const pulumiProjectName: string = vocabulary.pulumiProjectName;

/**
 * The Pulumi project of every topology's routing stack (named by the topology's id), and
 * the catalog namespace of their entities.
 */
export const topologyProjectName: string = vocabulary.topologyProjectName;

/** The extended resource a GPU node offers and a GPU pod requests; also the GPU taint's key. */
export const gpuResource: string = vocabulary.gpuResource;

/** Node labels that place a node: the same on kwok, EKS and on-prem nodes. */
export const nodeLabels: Readonly<typeof vocabulary.nodeLabels> =
  vocabulary.nodeLabels;

/**
 * Taints that keep other workloads off a node: a sovereign site's nodes carry
 * `site=<site id>:NoSchedule`, which only that site's workloads tolerate.
 */
export const nodeTaints: Readonly<typeof vocabulary.nodeTaints> =
  vocabulary.nodeTaints;

/** The catalog's Resource type of a topology: who serves which country. */
export const topologyEntityType: string = vocabulary.topologyEntityType;

/** The catalog's Resource type of a sovereign site's link to its hub region. */
export const networkLinkEntityType: string = vocabulary.networkLinkEntityType;

/**
 * Annotations on a network-link Resource: its kind of link, the hub environment and
 * region it joins, and whether the site's stack creates it (`stack`, target aws) or only
 * records the link the site's network team runs (`site`). The hub's region is not
 * entityAnnotations.region, which says where an environment keeps data.
 */
export const networkLinkAnnotations: Readonly<
  typeof vocabulary.networkLinkAnnotations
> = vocabulary.networkLinkAnnotations;

/** The catalog's Resource type of a Kubernetes cluster (the kubernetes plugin reads it too). */
export const clusterEntityType: string = vocabulary.clusterEntityType;

/**
 * Annotations on a cluster Resource: how to reach it, as the kubernetes plugin's catalog
 * cluster locator reads them (never a token: the catalog is readable by all), and where
 * its metrics are. Where it is uses entityAnnotations' country, region and site.
 */
export const clusterEntityAnnotations: Readonly<
  typeof vocabulary.clusterEntityAnnotations
> = vocabulary.clusterEntityAnnotations;

/** Labels on every Kubernetes object an environment creates. */
export const objectLabels: Readonly<typeof vocabulary.objectLabels> =
  vocabulary.objectLabels;

/**
 * Annotations on pods: a store of personal data and whose data it holds (read by the
 * residency policy with the store's node affinity, and by the dashboard with where the
 * pod runs), and on the workloads whose citizens they serve. Lists are country codes
 * separated by spaces (see countryList).
 */
export const podAnnotations: Readonly<typeof vocabulary.podAnnotations> =
  vocabulary.podAnnotations;

/**
 * Annotations on an environment Resource (spec.type ekyc-region or
 * ekyc-sovereign-site), written by the templates and read by the dashboard.
 */
export const entityAnnotations: Readonly<typeof vocabulary.entityAnnotations> =
  vocabulary.entityAnnotations;

/**
 * AWS tags: what a resource holds, read by the residency policy (a store of personal
 * data names whose citizens' data it keeps; any other bucket or database says none), and
 * who owns it. Tag values may not contain commas, so lists are space-separated.
 */
export const awsTags: Readonly<typeof vocabulary.awsTags> = vocabulary.awsTags;

/**
 * The image workers' latency histogram (and the sandbox's simulated-load exporter's),
 * its labels (where the image was processed and whose citizen it was) and the stages of
 * one ID check, in order.
 */
export const imageProcessingHistogram: string =
  vocabulary.imageProcessing.histogram;
export const imageProcessingLabels: Readonly<
  typeof vocabulary.imageProcessing.labels
> = vocabulary.imageProcessing.labels;
export const imageProcessingStages: readonly string[] =
  vocabulary.imageProcessing.stages;
/** Images a worker pod is processing now: its HPA scales on it. */
export const imageProcessingInflightGauge: string =
  vocabulary.imageProcessing.inflightGauge;

/** NVIDIA DCGM exporter's GPU utilisation gauge (percent), labelled by `Hostname`. */
export const gpuUtilisationMetric: string = vocabulary.gpuUtilisationMetric;
