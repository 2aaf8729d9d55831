import picomatch from "picomatch";
export default picomatch;
