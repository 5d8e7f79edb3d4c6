/** Model presets: MLP, a small CNN and ResNet-20, as DJL blocks. */
package io.github.mixup4j.train.model;
