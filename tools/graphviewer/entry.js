// The pieces of sigma.js and graphology that graph.html uses, exposed as one global.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeArrowProgram, EdgeLineProgram } from "sigma/rendering";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";

window.VaultGraphLib = { Graph, Sigma, EdgeArrowProgram, EdgeLineProgram, FA2Layout, forceAtlas2 };
